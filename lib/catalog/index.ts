export { createProduct } from "./create-product";
export { addFeature } from "./add-feature";
export { createEdition } from "./create-edition";
export { listProducts, PRODUCT_PAGE_SIZE } from "./list-products";
export { getProduct } from "./get-product";
export { listEditions, type EditionSummary } from "./list-editions";
export { countSeatHoldersWithoutToken, setEditionSeatTokens } from "./set-edition-seat-tokens";
