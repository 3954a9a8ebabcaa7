/** A registration as the engine would receive it, captured from Pulumi's mock monitor. */
export interface CapturedRegistration {
  type: string;
  name: string;
  urn: string;
  parent: string | null;
  custom: boolean;
  remote: boolean;
  inputs: Record<string, unknown>;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

// The slice of the generated gRPC request type this module reads.
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

interface RegisterResourceResponse {
  getUrn(): string;
  toString(): string;
}

interface Monitor {
  registerResource(req: RegisterResourceRequest, callback: (err: Error | null, resp?: RegisterResourceResponse) => void): unknown;
}

/**
 * The SDK logs every registration's response at debug level through a template string
 * (`resp: ${innerResponse}`), built even when nothing logs it, and a protobuf message's
 * `toString` serialises the whole message: a fifth of a warm plan's time went there. The plan
 * never logs at debug level, so the response names itself instead.
 */
function describedBriefly(resp: RegisterResourceResponse): RegisterResourceResponse {
  resp.toString = () => `RegisterResourceResponse(${resp.getUrn()})`;
  return resp;
}

/**
 * Wraps the mock monitor's `registerResource` so the plan sees what the engine would:
 * parent, dependencies and property dependencies. Pulumi's `Mocks.newResource` only gets
 * type, name and inputs, which is not enough to show how resources are wired.
 */
export function captureRegistrations(monitor: Monitor): CapturedRegistration[] {
  const captured: CapturedRegistration[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    // Recorded in the order the program registers, which is deterministic; the URN is
    // filled in when the monitor answers.
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
      propertyDependencies[key] = deps.getUrnsList();
    });
    const registration: CapturedRegistration = {
      type: req.getType(),
      name: req.getName(),
      urn: "",
      parent: req.getParent() || null,
      custom: req.getCustom(),
      remote: req.getRemote(),
      inputs: req.getObject()?.toJavaScript() ?? {},
      dependencies: req.getDependenciesList(),
      propertyDependencies,
    };
    captured.push(registration);
    return register(req, (err, resp) => {
      if (!err && resp) registration.urn = resp.getUrn();
      callback(err, resp && describedBriefly(resp));
    });
  };
  return captured;
}
