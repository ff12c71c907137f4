/* The /summary entries of a run as one registry (summary.def): ids, names,
 * units, descriptions and the sections the CLI prints them under. */
#ifndef OG_SUMMARY_H
#define OG_SUMMARY_H

#include <stddef.h>

/* The unit of money in summary.def and in results tables: the scenario's
 * economics.currency replaces it in what a run writes (default
 * "currency": the scenario's prices are in whatever it means). */
#define OG_MONEY "currency"

/* Sections of the summary, in output order, with their titles. */
#define OG_SECTIONS(X)          \
  X(TRAFFIC, "traffic")         \
  X(LATENCY, "latency")         \
  X(TOKENS, "tokens")           \
  X(NODES, "nodes")             \
  X(NETWORK, "network")         \
  X(LOADING, "loading")         \
  X(FRAUD, "fraud detection")   \
  X(ECONOMICS, "economics")

enum og_section {
  OG_SEC_NONE = 0, /* not a summary entry (e.g. a /perf figure) */
#define OG_SEC_ENUM(id, title) OG_SEC_##id,
  OG_SECTIONS(OG_SEC_ENUM)
#undef OG_SEC_ENUM
  OG_N_SECTIONS
};

enum og_sum_id {
#define OG_SUM(id, name, unit, section, level, desc) OG_SUM_##id,
#define OG_SUM_CLASS(id, name, unit, section, level, desc) OG_SUM_##id,
#define OG_SUM_OPT(id, name, unit, section, level, desc) OG_SUM_##id,
#define OG_SUM_CLASS_OPT(id, name, unit, section, level, desc) OG_SUM_##id,
#define OG_SUM_MODEL_OPT(id, name, unit, section, level, desc) OG_SUM_##id,
#include "summary.def"
#undef OG_SUM
#undef OG_SUM_CLASS
#undef OG_SUM_OPT
#undef OG_SUM_CLASS_OPT
#undef OG_SUM_MODEL_OPT
  OG_N_SUM
};

struct og_summary_entry {
  const char *name; /* for a per-class entry, the prefix of "<name><class>" */
  const char *unit;
  const char *desc;
  enum og_section section;
  int per_class;    /* one scalar per node class, in class order (2: per model,
                       in model order) */
  int optional;     /* left out of a run's summary unless the run set it (LLM
                       token metrics, continuous-batching counters) */
  int headline;     /* printed by the default summary (level HEAD); the rest
                       only with --all */
};

/* The declaration of entry `id` (static storage). */
const struct og_summary_entry *og_summary_entry(enum og_sum_id id);
/* A section's heading; NULL for OG_SEC_NONE or out of range. */
const char *og_summary_section_title(enum og_section s);
/* The section of a summary scalar named `name` (as written in a results
 * file: per-class entries carry the class's name after their prefix);
 * OG_SEC_NONE when no entry declares it. */
enum og_section og_summary_section_of(const char *name);
/* The declaration of the summary scalar named `name` (as og_summary_section_of
 * reads it), or NULL. */
const struct og_summary_entry *og_summary_entry_of(const char *name);

#endif
