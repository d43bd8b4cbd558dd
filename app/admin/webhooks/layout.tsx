export { default } from "../admin-only-layout";
