/* A call that GCC deletes unless og_prefetch keeps it (prefetch.h): a
 * function whose only effect is prefetching, not inlined, is found to
 * have none, and its call goes with its prefetches. Compiled at -O2 into
 * an object of its own (tests/CMakeLists.txt); unit.prefetch_kept looks
 * for its prefetch instructions there (tests/check_prefetch.sh). */
#include <stddef.h>

#include "prefetch.h"

struct og_probe {
  const char *slab;
  size_t stride;
};

/* The shape of og__serving_prefetch: an early return, then a loop of
 * prefetches over one slot of a slab. */
static __attribute__((noinline)) void prefetch_slot(const struct og_probe *p, size_t i)
{
  if (!p->slab)
    return;
  const char *st = p->slab + i * p->stride;
  for (size_t b = 0; b < p->stride; b += 64)
    og_prefetch(st + b);
}

void og_probe_prefetch(const struct og_probe *p, size_t i);

void og_probe_prefetch(const struct og_probe *p, size_t i)
{
  prefetch_slot(p, i);
}
