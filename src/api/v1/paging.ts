import type { PagingResultUUID } from '../../contract/index.ts';

/** Where a page of the queue is, NgDP-style: `number` from 0, `previous`/`next` null at the ends. */
export function paging(page: number, size: number, total: number): Omit<PagingResultUUID, 'content'> {
  const totalPages = Math.ceil(total / size);
  return {
    number: page,
    size,
    totalElements: total,
    totalPages,
    previous: page > 0 ? { page: page - 1, size } : null,
    next: page + 1 < totalPages ? { page: page + 1, size } : null,
  };
}

/** How NgDP's search results count pages: `elements` found on page `page` of `total`, `size` to a page. */
export function pageCounts(page: number, size: number, elements: number, total: number) {
  return { currentPage: page, totalPages: Math.ceil(total / size), elementsOnPage: elements, totalElements: total };
}
