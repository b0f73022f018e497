export { type CityMatch, findCity } from "./Cities.ts"
export * as Entities from "./Entities.ts"
export { classify, layer, layerWithCatalog } from "./Offline.ts"
export { productQuery, productWords, type QueryOptions } from "./Query.ts"
