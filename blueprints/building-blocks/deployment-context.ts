import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../environment";
import { deploymentTags, environmentOf, type RequestTags } from "../tags";
import { accountContext, type AccountContext } from "./account";
import { sizingFor, type SizingProfile } from "./sizing";

/** What every child of a blueprint shares: its names, tags, sizing and account. */
export interface DeploymentContext {
  /** The deployment name; every child's name starts with it. */
  name: string;
  blueprint: string;
  /** The request's tags plus Slipstream's own, put on every taggable resource. */
  tags: Record<string, string>;
  environment: Environment;
  sizing: SizingProfile;
  account: AccountContext;
}

export function deploymentContext(component: pulumi.ComponentResource, blueprint: string, name: string, requestTags: RequestTags): DeploymentContext {
  const tags = deploymentTags(requestTags, blueprint, name);
  const environment = environmentOf(tags);
  return { name, blueprint, tags, environment, sizing: sizingFor(environment), account: accountContext(component) };
}
