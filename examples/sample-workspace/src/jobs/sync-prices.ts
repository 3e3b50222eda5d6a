import { appendFile } from "node:fs/promises";
import { fetchPrice, listProducts, nextPage } from "../lib/catalog";

export async function syncPrices(skus: string[]): Promise<Map<string, number>> {
  const prices = new Map<string, number>();
  for (const sku of skus) {
    prices.set(sku, await fetchPrice(sku));
  }
  return prices;
}

export async function exportCatalog(file: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await listProducts(cursor); // pagination: each page needs the previous cursor
    for (const product of page.items) {
      await appendFile(file, `${product.sku},${product.name}\n`);
    }
    cursor = nextPage(page);
  } while (cursor);
}
