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

/* DEBT: the tax table is global state; see RM-2 */
async function fetchTaxTable(order: Order): Promise<number> {
  return order.totalCents * 0.2;
}

async function submit(order: Order, tax: number): Promise<string> {
  return `${order.id}:${order.totalCents + tax}`;
}
