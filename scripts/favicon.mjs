/**
 * After `observable build`: serves the site's icon at /favicon.svg and /favicon.ico.
 *
 * The icon is ours: src/favicon.svg (a toll gate: a post and a barrier arm), 32 × 32 units of
 * plain rectangles. Pages link it (`<link rel="icon">` in observablehq.config.ts `head`); tools
 * and browsers that ask for /favicon.ico without reading the page get the same picture,
 * rasterized here to a 32 × 32 icon (one 32-bit BMP image in an ICO container; format:
 * Microsoft, "Icons", learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10)).
 *
 * The output folder is the build's: LLM_TOLL_OUTPUT, else dist (as observablehq.config.ts).
 *
 *     node scripts/favicon.mjs            # writes dist/favicon.svg and dist/favicon.ico
 */
import {readFileSync, writeFileSync, existsSync} from "node:fs";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const SIZE = 32;

/** The <rect> elements of the SVG, in paint order: {x, y, width, height, rx, rgb}. */
export function rectsOf(svg) {
  const rects = [];
  for (const [tag] of svg.matchAll(/<rect\b[^>]*>/g)) {
    const attr = (name, fallback) => {
      const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
      return m ? m[1] : fallback;
    };
    const fill = attr("fill", "#000000");
    if (!/^#[0-9a-f]{6}$/i.test(fill)) throw new Error(`favicon: fill ${fill} is not #rrggbb`);
    rects.push({
      x: Number(attr("x", "0")), y: Number(attr("y", "0")), width: Number(attr("width", "0")), height: Number(attr("height", "0")),
      rx: Number(attr("rx", "0")), rgb: [1, 3, 5].map((i) => parseInt(fill.slice(i, i + 2), 16))
    });
  }
  return rects;
}

/** Whether the pixel centre (px, py) lies in a rectangle with rounded corners of radius rx. */
function inside(r, px, py) {
  if (px < r.x || px > r.x + r.width || py < r.y || py > r.y + r.height) return false;
  const cx = Math.min(Math.max(px, r.x + r.rx), r.x + r.width - r.rx);
  const cy = Math.min(Math.max(py, r.y + r.rx), r.y + r.height - r.rx);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r.rx ** 2 + 1e-9;
}

/** RGBA pixels (top row first) of the SVG's rectangles on a 32 × 32 grid; transparent elsewhere. */
export function rasterize(svg) {
  const rects = rectsOf(svg);
  const pixels = new Uint8Array(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      for (const r of rects) {
        if (!inside(r, x + 0.5, y + 0.5)) continue;
        pixels.set([...r.rgb, 255], (y * SIZE + x) * 4);
      }
    }
  }
  return pixels;
}

/** An ICO file holding one 32 × 32, 32-bit image (BMP rows bottom-up, BGRA, then an all-zero AND mask). */
export function icoOf(pixels) {
  const xorBytes = SIZE * SIZE * 4;
  const andBytes = SIZE * 4; // 32 bits per row, already a multiple of 4 bytes
  const image = Buffer.alloc(40 + xorBytes + andBytes);
  image.writeUInt32LE(40, 0); // BITMAPINFOHEADER size
  image.writeInt32LE(SIZE, 4);
  image.writeInt32LE(SIZE * 2, 8); // height counts the XOR and AND bitmaps
  image.writeUInt16LE(1, 12); // planes
  image.writeUInt16LE(32, 14); // bits per pixel
  image.writeUInt32LE(xorBytes + andBytes, 20);
  for (let row = 0; row < SIZE; row++) {
    const y = SIZE - 1 - row;
    for (let x = 0; x < SIZE; x++) {
      const i = (y * SIZE + x) * 4;
      const o = 40 + (row * SIZE + x) * 4;
      image[o] = pixels[i + 2];
      image[o + 1] = pixels[i + 1];
      image[o + 2] = pixels[i];
      image[o + 3] = pixels[i + 3];
    }
  }
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(SIZE, 6);
  header.writeUInt8(SIZE, 7);
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([header, image]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(ROOT, process.env.LLM_TOLL_OUTPUT || "dist");
  if (!existsSync(out)) throw new Error(`favicon: no built site at ${out}`);
  const svg = readFileSync(join(ROOT, "src", "favicon.svg"), "utf-8");
  writeFileSync(join(out, "favicon.svg"), svg);
  writeFileSync(join(out, "favicon.ico"), icoOf(rasterize(svg)));
}
