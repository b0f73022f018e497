export * from "./Fresh.ts"
export * as InventoryArb from "./arbitraries/Inventory.ts"
export * from "./contracts/StockLedgerContract.ts"
export * from "./Property.ts"
