/* Timers for a fixed set of owners: each owner 0..n-1 holds at most one
 * pending time, and the earliest is found in O(1) and moved in O(log n).
 * Equal times come out in the order they were set (first set, first out:
 * the usual rule of discrete-event simulators for simultaneous events). An indexed binary min-heap: the event list
 * of the engine's event loop, where every node and client is one owner. */
#ifndef OG_TIMERS_H
#define OG_TIMERS_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct og_timer_slot {
  double t;
  uint64_t seq; /* when it was set: equal times come out first set, first out */
  uint32_t owner;
};

struct og_timers {
  struct og_timer_slot *heap; /* heap[0] is the earliest */
  uint32_t *pos;              /* per owner: its index in heap, or UINT32_MAX */
  size_t len, n;
  uint64_t seq;               /* sets so far */
};

/* n owners, none with a pending time. OG_ENOMEM, or OG_EINVAL when n does
 * not fit the 32-bit owner index. Release with og_timers_fini. */
OG_MUST_CHECK enum og_status og_timers_init(struct og_timers *tm, size_t n);
void og_timers_fini(struct og_timers *tm);

/* Owner's pending time becomes t (it had one or not); an infinite t (or a
 * NaN) clears it. Never fails: the heap holds at most n slots. */
void og_timers_set(struct og_timers *tm, uint32_t owner, double t);

/* The earliest pending time and its owner: 1, or 0 when none is pending. */
static inline int og_timers_peek(const struct og_timers *tm, uint32_t *owner, double *t)
{
  if (tm->len == 0)
    return 0;
  *owner = tm->heap[0].owner;
  *t = tm->heap[0].t;
  return 1;
}

/* Heap order: a before b (earlier time; equal times, set first). */
static inline int og_timer_before(const struct og_timer_slot *a, const struct og_timer_slot *b)
{
  return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

/* The owner whose time comes after the earliest's as things stand (the
 * earlier of the top's two children), or UINT32_MAX when there is none: a
 * guess at the event after the current one, for prefetching its state
 * (the current event may set an earlier time meanwhile). */
static inline uint32_t og_timers_second(const struct og_timers *tm)
{
  if (tm->len < 2)
    return UINT32_MAX;
  const struct og_timer_slot *a = &tm->heap[1];
  if (tm->len > 2 && og_timer_before(&tm->heap[2], a))
    a = &tm->heap[2];
  return a->owner;
}

/* Owner's pending time, INFINITY when none. */
double og_timers_get(const struct og_timers *tm, uint32_t owner);

#endif
