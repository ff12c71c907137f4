/* The summary registry: summary.def expanded into its table, and lookups
 * of a scalar's declaration by name. */
#include "summary.h"

#include <string.h>

enum { OG_LEVEL_MORE = 0, OG_LEVEL_HEAD = 1 };

static const struct og_summary_entry entries[OG_N_SUM] = {
#define OG_SUM(id, name, unit, section, level, desc) \
  {name, unit, desc, OG_SEC_##section, 0, 0, OG_LEVEL_##level},
#define OG_SUM_CLASS(id, name, unit, section, level, desc) \
  {name, unit, desc, OG_SEC_##section, 1, 0, OG_LEVEL_##level},
#define OG_SUM_OPT(id, name, unit, section, level, desc) \
  {name, unit, desc, OG_SEC_##section, 0, 1, OG_LEVEL_##level},
#define OG_SUM_CLASS_OPT(id, name, unit, section, level, desc) \
  {name, unit, desc, OG_SEC_##section, 1, 1, OG_LEVEL_##level},
#define OG_SUM_MODEL_OPT(id, name, unit, section, level, desc) \
  {name, unit, desc, OG_SEC_##section, 2, 1, OG_LEVEL_##level},
#include "summary.def"
#undef OG_SUM
#undef OG_SUM_CLASS
#undef OG_SUM_OPT
#undef OG_SUM_CLASS_OPT
#undef OG_SUM_MODEL_OPT
};

static const char *const titles[OG_N_SECTIONS] = {
#define OG_SEC_TITLE(id, title) [OG_SEC_##id] = title,
  OG_SECTIONS(OG_SEC_TITLE)
#undef OG_SEC_TITLE
};

const struct og_summary_entry *og_summary_entry(enum og_sum_id id)
{
  return &entries[id];
}

const char *og_summary_section_title(enum og_section s)
{
  return s > OG_SEC_NONE && s < OG_N_SECTIONS ? titles[s] : NULL;
}

/* An exact name wins over a per-class prefix ("utilisation" is not
 * "utilisation_<class>"). */
const struct og_summary_entry *og_summary_entry_of(const char *name)
{
  const struct og_summary_entry *prefixed = NULL;
  for (size_t i = 0; i < OG_N_SUM; i++) {
    const struct og_summary_entry *e = &entries[i];
    size_t len = strlen(e->name);
    if (!e->per_class && !strcmp(name, e->name))
      return e;
    if (e->per_class && !prefixed && !strncmp(name, e->name, len) && name[len])
      prefixed = e;
  }
  return prefixed;
}

enum og_section og_summary_section_of(const char *name)
{
  const struct og_summary_entry *e = og_summary_entry_of(name);
  return e ? e->section : OG_SEC_NONE;
}
