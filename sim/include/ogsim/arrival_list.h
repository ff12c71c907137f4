/* Every arrival process, one line each: X(ENUM_SUFFIX, name). The name is
 * what a workload's `arrival:` key takes; the process's file is
 * sim/workload/arrival_NAME.c, defining og_arrival_NAME. */
#ifndef OG_ARRIVAL_LIST_H
#define OG_ARRIVAL_LIST_H

#define OG_ARRIVAL_LIST(X) \
  X(POISSON, poisson) \
  X(MMPP, mmpp) \
  X(TRACE, trace)

#endif
