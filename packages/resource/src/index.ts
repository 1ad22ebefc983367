export type { Resource, ResourceScope, ResourceCleanupError } from "./resource";
export { isResourceCleanupError, createResourceScope, withScope, createResource } from "./resource";
