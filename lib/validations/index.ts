export * from "./auth";
export * from "./licenses";
export * from "./members";
export * from "./staff";
export * from "./health";
export * from "./field-errors";
export * from "./ops";
