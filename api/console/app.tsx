import { useEffect, useState } from "preact/hooks";
import { whenUnauthenticated } from "./api";
import { CataloguePage } from "./pages/catalogue";
import { DeploymentPage } from "./pages/deployment";
import { DeploymentsPage } from "./pages/deployments";
import { NewDeploymentPage } from "./pages/new-deployment";
import { OperationPage } from "./pages/operation";
import { UpdateDeploymentPage } from "./pages/update-deployment";
import { UpgradeDeploymentPage } from "./pages/upgrade-deployment";
import { href, useRoute, type Route } from "./router";
import { forgetToken, storedToken } from "./token";
import { TokenPrompt } from "./token-prompt";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "catalogue":
      return <CataloguePage />;
    case "new":
      return <NewDeploymentPage blueprint={route.blueprint} />;
    case "deployments":
      return <DeploymentsPage query={route.query} />;
    case "deployment":
      return <DeploymentPage name={route.name} />;
    case "update":
      return <UpdateDeploymentPage name={route.name} />;
    case "upgrade":
      return <UpgradeDeploymentPage name={route.name} />;
    case "operation":
      return <OperationPage id={route.id} />;
  }
}

/**
 * The console: a header with the sections and the token, and the page of the current route.
 * A new token remounts the page, so it loads again with it.
 */
export function App() {
  const route = useRoute();
  const [asking, setAsking] = useState(false);
  const [session, setSession] = useState(0);
  useEffect(() => whenUnauthenticated(() => setAsking(true)), []);
  const hasToken = storedToken() !== null;
  return (
    <>
      <header class="top">
        <a class="brand" href={href.catalogue()}>
          Slipstream
        </a>
        <nav>
          <a href={href.catalogue()} aria-current={route.page === "catalogue" || route.page === "new" ? "page" : undefined}>
            Catalogue
          </a>
          <a href={href.deployments()} aria-current={route.page === "deployments" || route.page === "deployment" || route.page === "update" || route.page === "upgrade" || route.page === "operation" ? "page" : undefined}>
            Deployments
          </a>
          <a href="/docs">API</a>
        </nav>
        <div class="session">
          {hasToken ? (
            <button
              type="button"
              onClick={() => {
                forgetToken();
                setSession((s) => s + 1);
              }}
            >
              Forget token
            </button>
          ) : (
            <button type="button" onClick={() => setAsking(true)}>
              Enter token
            </button>
          )}
        </div>
      </header>
      <main key={session}>
        <Page route={route} />
      </main>
      {asking && (
        <TokenPrompt
          onSaved={() => {
            setAsking(false);
            setSession((s) => s + 1);
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}
