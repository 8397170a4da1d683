export * from "./audit";
export * from "./common";
export * from "./enums";
export * from "./partner";
export * from "./policy";
export * from "./region";
export * from "./user";
