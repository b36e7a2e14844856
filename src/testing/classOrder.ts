/** The class order the matchers use; defined in the classes layer (`src/classes/order.ts`), which identify also reads. */
export * from '../classes/order.ts';
