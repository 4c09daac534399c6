import type { ValidationRule } from 'graphql';
import { GraphQLError } from 'graphql';

/**
 * Refuses `Query._service` (the subgraph's whole SDL, which `@apollo/subgraph` answers to anyone
 * whatever the introspection setting). Installed when `FEDERATION_SDL` is off, as it is by
 * default in production: the supergraph router that needs it is then given the SDL at
 * composition time, or the setting is turned on for a gateway only the router can reach.
 */
export const noFederationSdlRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '_service') return;
    if (context.getParentType() !== context.getSchema().getQueryType()) return;
    context.reportError(
      new GraphQLError('The federation SDL (_service) is not served here: FEDERATION_SDL is off.', {
        nodes: [node],
      }),
    );
  },
});
