import type { CallOptions, PaginateOptions } from './client-types';
import { HumaError } from './errors';
import { getOperation, type RequestParams } from './request';
import { isTransient } from './retry';

const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_PAGE_RETRY_BUDGET = 4;
/** Calls of one page at most: a page that fails this often in a row fails the list. */
const MAX_PAGE_CALLS = 4;
/** Pages fetched ahead of the one being read, as a multiple of the concurrency. */
const PAGE_LOOKAHEAD = 4;

/** Calls the list operation for one page: the caller's params with `offset` and `limit` set. */
export type PageCall = (params: RequestParams, options: CallOptions) => Promise<unknown>;

type Page<I> = { total?: number; items: I[] };

/**
 * Every item of the paged list `name`, in order, exactly once; later pages are prefetched
 * `options.concurrency` at a time (one when left out).
 */
export async function* paginate<I>(
	callPage: PageCall,
	name: string,
	params: RequestParams | undefined,
	options: PaginateOptions,
): AsyncGenerator<I, void, undefined> {
	const op = getOperation(name);
	if (!op.paged) throw new HumaError(`${name} is not a paged list; use call('${name}') instead`);
	const maxLimit = op.paged.maxLimit ?? DEFAULT_PAGE_SIZE;
	const pageSize = options.pageSize ?? Math.min(DEFAULT_PAGE_SIZE, maxLimit);
	const concurrency = Math.max(1, options.concurrency ?? 1);
	const maxItems = options.maxItems ?? Infinity;
	const base = { ...params };
	const start = Number(base.offset ?? 0);
	delete base.offset;

	let budget = options.pageRetryBudget ?? DEFAULT_PAGE_RETRY_BUDGET;
	const budgetCap = budget;
	const fetchPage = async (offset: number): Promise<Page<I>> => {
		for (let calls = 1; ; calls++) {
			try {
				const page = (await callPage({ ...base, offset, limit: pageSize }, options)) as Page<I>;
				budget = Math.min(budgetCap, budget + 1);
				return page;
			} catch (error) {
				// The retry policy decides what is transient, as it does for each request.
				if (calls >= MAX_PAGE_CALLS || budget < 1 || options.signal?.aborted || !isTransient(error))
					throw error;
				budget--;
			}
		}
	};

	// The pages in order: the first, then the rest page by page when Huma gives no total, or
	// prefetched `concurrency` at a time when it does.
	async function* pages(): AsyncGenerator<Page<I>, void, undefined> {
		const first = await fetchPage(start);
		const total = first.total ?? Infinity;
		options.onPage?.({ offset: start, count: first.items.length, total: first.total ?? -1 });
		yield first;
		if (first.items.length < pageSize) return;
		if (first.total === undefined) {
			// Without a total we can only walk page by page.
			for (let offset = start + pageSize; ; offset += pageSize) {
				const page = await fetchPage(offset);
				options.onPage?.({ offset, count: page.items.length, total: -1 });
				yield page;
				if (page.items.length < pageSize) return;
			}
		}

		const end = Math.min(total, start + maxItems);
		const offsets: number[] = [];
		for (let offset = start + pageSize; offset < end; offset += pageSize) offsets.push(offset);
		const inFlight = new Map<number, Promise<Page<I>>>();
		let next = 0;
		let active = 0;
		let read = 0;
		let stopped = false;
		// Keeps `concurrency` pages in flight whichever of them finishes first, not only when the
		// page being read arrives, fetching at most a few windows ahead of the reader.
		const fill = () => {
			while (
				!stopped &&
				active < concurrency &&
				next < offsets.length &&
				next - read < concurrency * PAGE_LOOKAHEAD
			) {
				active++;
				const pending = fetchPage(offsets[next++]);
				pending.then(
					() => {
						active--;
						fill();
					},
					() => {
						active--;
					},
				);
				// Failures surface when their page is reached; until then keep them from going unhandled.
				pending.catch(() => undefined);
				inFlight.set(next - 1, pending);
			}
		};
		try {
			fill();
			for (let i = 0; i < offsets.length; i++) {
				const page = await inFlight.get(i)!;
				inFlight.delete(i);
				read = i + 1;
				fill();
				options.onPage?.({ offset: offsets[i], count: page.items.length, total });
				yield page;
				// The list shrank while we read it: nothing lies beyond a short page.
				if (page.items.length < pageSize) return;
			}
		} finally {
			stopped = true;
		}
	}

	// Leaving this loop (maxItems reached, the caller stopping, an error) ends pages() too,
	// which stops its prefetching.
	let yielded = 0;
	for await (const page of pages()) {
		for (const item of page.items) {
			if (yielded >= maxItems) return;
			yielded++;
			yield item;
		}
	}
}
