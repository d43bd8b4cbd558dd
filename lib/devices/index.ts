export { listDevices } from "./list-devices";
