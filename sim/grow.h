/* Growing a dynamic array geometrically: the one helper behind every
 * append-only buffer in ogsim. */
#ifndef OG_GROW_H
#define OG_GROW_H

#include <stdlib.h>

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

#endif
