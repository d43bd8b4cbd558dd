export * from "./auth";
export * from "./licenses";
export * from "./members";
export * from "./staff";
export * from "./ops";
