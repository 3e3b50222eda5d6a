export interface Product {
  sku: string;
  name: string;
}
export interface Page {
  items: Product[];
  next?: string;
}

export async function fetchPrice(sku: string): Promise<number> {
  const res = await fetch(`https://prices.example/${encodeURIComponent(sku)}`);
  return Number(await res.text());
}

export async function listProducts(cursor?: string): Promise<Page> {
  const res = await fetch(`https://catalog.example/products?cursor=${cursor ?? ""}`);
  return (await res.json()) as Page;
}

export function nextPage(page: Page): string | undefined {
  return page.next;
}
