/**
 * The explorer's display formatting is the project's one number formatter, lib/format/units.ts
 * (the command's table, the planner's table and the pages all format through it); re-exported
 * here so that pages and components keep importing "./components/units.js".
 */
export * from "../lib/format/units.js";
