/* Every serving engine (what a node does with its queue), one line each:
 * X(ENUM_SUFFIX, name). The name is what a node class's `serving` key
 * takes; the engine's one file is sim/serving/NAME.c, which defines
 * og_serving_NAME (struct og_serving_type: its hooks). */
#ifndef OG_SERVING_LIST_H
#define OG_SERVING_LIST_H

#define OG_SERVING_LIST(X) \
  X(BATCH, batch) \
  X(CONTINUOUS, continuous)

#endif
