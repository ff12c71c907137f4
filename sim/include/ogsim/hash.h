/* FNV-1a, 64 bits (Fowler, Noll, Vo; IETF draft-eastlake-fnv): string
 * hashing for the name maps, sweep identities and temporary names. */
#ifndef OG_HASH_H
#define OG_HASH_H

#include <stdint.h>

#define OG_FNV64_INIT 0xcbf29ce484222325u

/* Continue hash h (OG_FNV64_INIT to start) over s and its terminating NUL,
 * so that chained strings stay apart ("ab","c" differs from "a","bc"). */
static inline uint64_t og_fnv1a64(uint64_t h, const char *s)
{
  for (const unsigned char *c = (const unsigned char *)s;; c++) {
    h = (h ^ *c) * 0x100000001b3u;
    if (!*c)
      return h;
  }
}

#endif
