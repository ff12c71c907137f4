/* Growing a dynamic array geometrically: the one helper behind every
 * append-only buffer in ogsim. */
#ifndef OG_GROW_H
#define OG_GROW_H

#include <stdlib.h>
#include <string.h>

/* Make room for `need` elements of `elem` bytes in *ptr (capacity *cap),
 * doubling from `first`. Returns 0, or -1 with *ptr untouched when out of
 * memory. */
static inline int og_grow(void **ptr, size_t *cap, size_t need, size_t elem, size_t first)
{
  if (need <= *cap)
    return 0;
  size_t n = *cap ? *cap : first;
  while (n < need)
    n *= 2;
  void *p = realloc(*ptr, n * elem);
  if (!p)
    return -1;
  *ptr = p;
  *cap = n;
  return 0;
}

/* Index of the i-th element of a ring of capacity cap from head (head <
 * cap, i <= cap): a compare, not the division `%` costs (tens of cycles on
 * every push and pop of the engine's queues). */
static inline size_t og_ring_at(size_t head, size_t i, size_t cap)
{
  size_t j = head + i;
  return j >= cap ? j - cap : j;
}

/* Make room for one more element in a ring buffer of `elem`-byte elements
 * (*len of them from *head, capacity *cap): when full, a buffer twice the
 * size (at least `first`) gets the elements in order from index 0. Returns
 * 0, or -1 with the ring untouched when out of memory. */
static inline int og_ring_room(void **buf, size_t *head, size_t len, size_t *cap, size_t elem,
                               size_t first)
{
  if (len < *cap)
    return 0;
  size_t n = *cap ? 2 * *cap : first;
  char *nb = malloc(n * elem), *ob = *buf;
  if (!nb)
    return -1;
  for (size_t i = 0; i < len; i++)
    memcpy(nb + i * elem, ob + og_ring_at(*head, i, *cap) * elem, elem);
  free(*buf);
  *buf = nb;
  *cap = n;
  *head = 0;
  return 0;
}

#endif
