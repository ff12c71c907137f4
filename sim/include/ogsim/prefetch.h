/* A hint to start loading memory that will be read soon: for the event
 * loop's first touches of a node's state, each a cache miss on large
 * networks, to overlap one another. No effect on any result. */
#ifndef OG_PREFETCH_H
#define OG_PREFETCH_H

#include <stddef.h>

/* GCC counts a prefetch as no side effect at all: a function that only
 * prefetches (og__serving_prefetch, og__client_prefetch) is then found
 * "const" by its interprocedural pass, and a call to it that was not
 * inlined first is deleted, prefetches and all (GCC 12 at -O2: the
 * serving state's and the deadline queue's prefetches were in no binary).
 * An empty volatile asm that takes the address is a side effect the
 * compiler must keep, and costs no instruction. */
#if defined(__GNUC__)
#define OG_PREFETCH_KEEP(p) __asm__ volatile("" : : "r"(p))
#endif

/* Start loading the cache line holding p (NULL is allowed: a prefetch
 * never faults). */
static inline void og_prefetch(const void *p)
{
#if defined(__GNUC__)
  __builtin_prefetch(p);
  OG_PREFETCH_KEEP(p);
#else
  (void)p;
#endif
}

/* The same, for `bytes` from p, about to be written. */
static inline void og_prefetch_write(const void *p, size_t bytes)
{
#if defined(__GNUC__)
  for (size_t b = 0; b < bytes; b += 64)
    __builtin_prefetch((const char *)p + b, 1);
  OG_PREFETCH_KEEP(p);
#else
  (void)p;
  (void)bytes;
#endif
}

#endif
