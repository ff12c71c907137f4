/* The indexed binary min-heap behind og_timers (timers.h). Order: by time,
 * then by the sequence number of the set that put it there. */
#include <math.h>
#include <stdlib.h>

#include "timers.h"

#define NONE UINT32_MAX

enum og_status og_timers_init(struct og_timers *tm, size_t n)
{
  *tm = (struct og_timers){0};
  if (n >= NONE)
    return OG_EINVAL;
  tm->heap = malloc((n ? n : 1) * sizeof *tm->heap);
  tm->pos = malloc((n ? n : 1) * sizeof *tm->pos);
  if (!tm->heap || !tm->pos) {
    og_timers_fini(tm);
    return OG_ENOMEM;
  }
  for (size_t i = 0; i < n; i++)
    tm->pos[i] = NONE;
  tm->n = n;
  return OG_OK;
}

void og_timers_fini(struct og_timers *tm)
{
  free(tm->heap);
  free(tm->pos);
  *tm = (struct og_timers){0};
}

static void put(struct og_timers *tm, size_t i, struct og_timer_slot s)
{
  tm->heap[i] = s;
  tm->pos[s.owner] = (uint32_t)i;
}

static void sift_up(struct og_timers *tm, size_t i)
{
  struct og_timer_slot s = tm->heap[i];
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!og_timer_before(&s, &tm->heap[p]))
      break;
    put(tm, i, tm->heap[p]);
    i = p;
  }
  put(tm, i, s);
}

static void sift_down(struct og_timers *tm, size_t i)
{
  struct og_timer_slot s = tm->heap[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= tm->len)
      break;
    if (c + 1 < tm->len && og_timer_before(&tm->heap[c + 1], &tm->heap[c]))
      c++;
    if (!og_timer_before(&tm->heap[c], &s))
      break;
    put(tm, i, tm->heap[c]);
    i = c;
  }
  put(tm, i, s);
}

static void remove_at(struct og_timers *tm, size_t i)
{
  tm->pos[tm->heap[i].owner] = NONE;
  if (i == --tm->len)
    return;
  struct og_timer_slot last = tm->heap[tm->len];
  put(tm, i, last);
  sift_down(tm, i);
  sift_up(tm, tm->pos[last.owner]); /* it may belong above i instead */
}

void og_timers_set(struct og_timers *tm, uint32_t owner, double t)
{
  uint32_t i = tm->pos[owner];
  if (isinf(t) || isnan(t)) {
    if (i != NONE)
      remove_at(tm, i);
    return;
  }
  if (i == NONE) {
    i = (uint32_t)tm->len++;
    put(tm, i, (struct og_timer_slot){t, tm->seq++, owner});
    sift_up(tm, i);
    return;
  }
  tm->heap[i].t = t;
  tm->heap[i].seq = tm->seq++;
  sift_up(tm, i);
  sift_down(tm, tm->pos[owner]);
}

double og_timers_get(const struct og_timers *tm, uint32_t owner)
{
  uint32_t i = tm->pos[owner];
  return i == NONE ? INFINITY : tm->heap[i].t;
}
