/* Private to the scenario loader: its schema table and the steps after the
 * walk, shared by scenario_*.c (the generic YAML layer is conf.h). */
#ifndef OG_SCENARIO_INTERNAL_H
#define OG_SCENARIO_INTERNAL_H

#include "conf.h"
#include "scenario.h"

/* What a scenario's references name (og_field.ref), and what the messages
 * call each. */
enum og_reftype { OG_REF_REGION, OG_REF_MODEL, OG_REF_CLASS };
#define WHAT_OG_REF_REGION "region"
#define WHAT_OG_REF_MODEL "model"
#define WHAT_OG_REF_CLASS "node class"

extern const struct og_schema og__scenario_schema;

/* Per-request costs of the scenario's models: from the zoo and the
 * calibration where a model names a zoo architecture (scenario_models.c). */
OG_MUST_CHECK enum og_status og__scn_models(struct og_parse *p, yaml_node_t *root);

/* Token distributions of the models: checked, derived, histograms read; a
 * model's prompt_tokens/output_tokens set to its distribution's mean
 * rounded (og__scn_shapes, before the zoo costs); then each model's request
 * shapes final: fixed at the model's counts, or 0 for a model that is not a
 * zoo decoder, which may not have a distribution (og__scn_shapes_final,
 * after). scenario_shapes.c. */
OG_MUST_CHECK enum og_status og__scn_shapes(struct og_parse *p, yaml_node_t *root);
OG_MUST_CHECK enum og_status og__scn_shapes_final(struct og_parse *p, yaml_node_t *root);
void og__scn_shape_free(struct og_shape *s);
/* A lognormal by (mean, sd) or by (median, p90), whichever pair is given
 * (NAN: not given): mu and sigma of its log; NULL, or why not. */
const char *og__lognormal_params(double mean, double sd, double median, double p90,
                                 double *mu, double *sigma);

/* Churn blocks and fail_share of the node classes: checked, the session
 * law's parameters and mean derived, `initial` defaulted to the class's
 * count (scenario_churn.c). */
OG_MUST_CHECK enum og_status og__scn_churn(struct og_parse *p, yaml_node_t *root);

/* The arrival trace read into workload.trace: columns by format, times,
 * token counts, models mapped; errors at the CSV's line (scenario_trace.c). */
OG_MUST_CHECK enum og_status og__scn_trace(struct og_parse *p, yaml_node_t *root);
/* The largest message (scenario.max_message), and the protocols that cannot
 * run with the hybrid mode's flows (scenario_fraud.c). */
OG_MUST_CHECK enum og_status og__scn_net(struct og_parse *p, yaml_node_t *root);
void og__scn_trace_free(struct og_trace *t);

/* Each class's hosts key read into host groups (shares rounded to node
 * counts); every requested model hosted somewhere; min/max replicas and
 * the placement policy's check (scenario_hosts.c). */
OG_MUST_CHECK enum og_status og__scn_hosts(struct og_parse *p, yaml_node_t *root);
void og__scn_hosts_free(struct og_node_class *c);

/* Dishonest groups and verification blocks: checks across their keys,
 * defaults per protocol, each model's protocol (scenario_fraud.c). */
OG_MUST_CHECK enum og_status og__scn_fraud(struct og_parse *p, yaml_node_t *root);

/* Names unique within each kind; references by name resolved into indices
 * (scenario_names.c). */
OG_MUST_CHECK enum og_status og__scn_names(struct og_parse *p, yaml_node_t *root);

/* Sums and totals that must stay finite or within their types: shares,
 * stakes, nodes (scenario_totals.c). */
OG_MUST_CHECK enum og_status og__scn_totals(struct og_parse *p, yaml_node_t *root);
/* Storage tiers and loading (scenario_storage.c). */
OG_MUST_CHECK enum og_status og__scn_storage(struct og_parse *p, yaml_node_t *root);

/* Checks across fields, defaults that depend on other fields, references. */
OG_MUST_CHECK enum og_status og__scn_finish(struct og_parse *p, yaml_node_t *root);

#endif
