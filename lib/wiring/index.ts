export { createAppServices, type AppServices, type ValidationRecord } from "./app-services";
export { appServices, provideAppServices, wireProcess } from "./process-services";
export { checkStartup } from "./check-startup";
