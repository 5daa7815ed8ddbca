// @roadmap RM-12
import { retry } from './retry';

export interface Order {
  id: string;
  totalCents: number;
}

export async function charge(order: Order): Promise<string> {
  // TODO(RM-12): cache the tax table instead of fetching it per request
  const tax = await fetchTaxTable(order);
  // FIXME(RM-3): remove the manual dedupe now that retries are idempotent
  const receipt = await retry(() => submit(order, tax), 2);
  const message = 'TODO: this is a string, not a debt annotation';
  console.log(message);
  // HACK: the gateway times out under load, so we retry twice
  return receipt;
}

const taxCache = new Map<string, number>();

/* DEBT: the tax table is global state; see RM-77 */
async function fetchTaxTable(order: Order): Promise<number> {
  const cached = taxCache.get(order.id);
  if (cached !== undefined) return cached;
  const tax = order.totalCents * 0.2;
  taxCache.set(order.id, tax);
  return tax;
}

async function submit(order: Order, tax: number): Promise<string> {
  return `${order.id}:${order.totalCents + tax}`;
}
