/* Finding nodes in a YAML document (for error positions) and paths
 * relative to the file being read. */
#include <stdlib.h>
#include <string.h>

#include "conf.h"

yaml_node_t *og__conf_get(struct og_parse *p, yaml_node_t *map, const char *key)
{
  if (!map || map->type != YAML_MAPPING_NODE)
    return NULL;
  for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top;
       pr++) {
    yaml_node_t *k = yaml_document_get_node(&p->doc, pr->key);
    if (k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
      return yaml_document_get_node(&p->doc, pr->value);
  }
  return NULL;
}

yaml_node_t *og__conf_nth(struct og_parse *p, yaml_node_t *seq, size_t i)
{
  if (!seq || seq->type != YAML_SEQUENCE_NODE)
    return NULL;
  return yaml_document_get_node(&p->doc, seq->data.sequence.items.start[i]);
}

enum og_status og__conf_resolve_path(struct og_parse *p, char **path)
{
  if (!*path || (*path)[0] == '/')
    return OG_OK;
  const char *slash = strrchr(p->file, '/');
  size_t dir = slash ? (size_t)(slash - p->file) + 1 : 0;
  char *full = malloc(dir + strlen(*path) + 1);
  if (!full)
    return og_error_set(p->err, OG_ENOMEM, "out of memory");
  memcpy(full, p->file, dir);
  strcpy(full + dir, *path);
  free(*path);
  *path = full;
  return OG_OK;
}
