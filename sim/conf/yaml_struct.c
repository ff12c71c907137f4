/* Loading a whole YAML file into one struct through a schema table: shared
 * by the model zoo and calibration files (scenarios need more: overrides,
 * names across lists). */
#include <stdlib.h>

#include "conf.h"

enum og_status og__yaml_load_struct(const char *path, const char *root_name,
                                    const struct og_schema *s, void *base,
                                    enum og_status (*check)(struct og_parse *, void *),
                                    struct og_error *err)
{
  struct og_parse p = {.file = path, .root = root_name, .err = err};
  char *text = NULL;
  enum og_status st = og__yaml_read(&p, path, &text);
  yaml_node_t *root = st == OG_OK ? yaml_document_get_root_node(&p.doc) : NULL;
  if (st == OG_OK && !root)
    st = og_error_set(err, OG_EINVAL, "%s:1:1: %s: the file is empty", path, root_name);
  if (st == OG_OK) {
    og__conf_defaults(s, base);
    st = og__conf_walk(&p, root, s, base);
  }
  if (st == OG_OK && check)
    st = check(&p, base);
  if (p.have_doc)
    yaml_document_delete(&p.doc);
  free(text);
  free(p.origin);
  free(p.refs);
  return st;
}
