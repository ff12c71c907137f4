/* og_big_calloc (bigmem.h). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MADV_HUGEPAGE */
#include "bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((size_t)2 << 20)
#define MAPPED (HUGE_PAGE / 2) /* from here up, rounded up to huge pages */
#define LINE 64

static size_t round_up(size_t bytes, size_t to)
{
  return (bytes + to - 1) / to * to;
}

#if defined(__linux__) && defined(MAP_ANONYMOUS)
/* Its own mapping, 2 MiB aligned (the slack around it unmapped), advised
 * onto huge pages before anything touches it: zeroed by the kernel. */
static void *map_huge(size_t size)
{
  size_t span = size + HUGE_PAGE;
  char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED)
    return NULL;
  char *p = (char *)round_up((size_t)(uintptr_t)raw, HUGE_PAGE);
  if (p > raw)
    munmap(raw, (size_t)(p - raw));
  if (raw + span > p + size)
    munmap(p + size, (size_t)(raw + span - (p + size)));
#if defined(MADV_HUGEPAGE)
  (void)madvise(p, size, MADV_HUGEPAGE); /* advice: without it, small pages */
#endif
  return p;
}
#endif

/* From 1 MiB up (where the platform allows), its own huge-page mapping
 * (NULL when out of memory) and *mapped 1; below, *mapped 0: the caller
 * allocates. `bytes` is at most SIZE_MAX - HUGE_PAGE. */
static void *map_big(size_t bytes, int *mapped)
{
  *mapped = 0;
#if defined(__linux__) && defined(MAP_ANONYMOUS)
  if (bytes >= MAPPED) {
    *mapped = 1;
    return map_huge(round_up(bytes, HUGE_PAGE));
  }
#endif
  (void)bytes;
  return NULL;
}

void *og_big_calloc(size_t bytes)
{
  if (bytes > SIZE_MAX - HUGE_PAGE)
    return NULL;
  int mapped;
  void *p = map_big(bytes, &mapped);
  if (mapped)
    return p;
  size_t size = round_up(bytes ? bytes : 1, LINE);
  p = aligned_alloc(LINE, size);
  if (p)
    memset(p, 0, size);
  return p;
}

void og_big_free(void *p, size_t bytes)
{
  if (!p)
    return;
#if defined(__linux__) && defined(MAP_ANONYMOUS)
  if (bytes >= MAPPED) {
    munmap(p, round_up(bytes, HUGE_PAGE));
    return;
  }
#endif
  (void)bytes;
  free(p);
}

void *og_big_malloc(size_t bytes)
{
  if (bytes > SIZE_MAX - HUGE_PAGE)
    return NULL;
  int mapped;
  void *p = map_big(bytes, &mapped);
  return mapped ? p : malloc(bytes ? bytes : 1);
}

int og_big_grow(void **buf, size_t *cap, size_t need, size_t elem, size_t first)
{
  if (need <= *cap)
    return 0;
  if (!elem)
    return -1;
  size_t n = *cap ? *cap : (first ? first : 1);
  while (n < need) {
    if (n > SIZE_MAX / 2)
      return -1;
    n *= 2;
  }
  if (n > (SIZE_MAX - HUGE_PAGE) / elem)
    return -1;
  size_t old = *cap * elem, bytes = n * elem;
  void *nb;
  if (bytes < MAPPED) { /* both below the mapping's threshold: malloc's */
    nb = realloc(*buf, bytes);
    if (!nb)
      return -1;
  } else {
    nb = og_big_malloc(bytes);
    if (!nb)
      return -1;
    if (old)
      memcpy(nb, *buf, old);
    og_big_free(*buf, old);
  }
  *buf = nb;
  *cap = n;
  return 0;
}
