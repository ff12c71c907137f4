/* Wall-clock seconds on the monotonic clock, for timing phases (never for
 * anything a simulation computes). */
#ifndef OG_CLOCK_H
#define OG_CLOCK_H

#include <time.h>

static inline double og_wall_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#endif
