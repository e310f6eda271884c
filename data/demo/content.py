"""Words of the demo: teams, people, components, epics and summary templates (invented)."""
from __future__ import annotations

from dataclasses import dataclass, field

CATEGORIES = ("feature", "defect", "debt", "enabler", "architecture", "devops")
TECHNICAL = ("debt", "enabler", "architecture", "devops")


@dataclass(frozen=True)
class TeamSpec:
    name: str
    key: str
    project_name: str
    description: str
    board_id: int
    project_id: int
    sprint_number: int            # number of the active sprint ("CHK Sprint 78")
    rate: float                   # issues created per sprint, middle of the history
    velocity: tuple[float, float]  # capacity in points, two years ago -> now
    lead: str
    members: tuple[str, ...]
    components: dict[str, dict[str, float]] = field(default_factory=dict)  # category -> comp -> weight
    objects: dict[str, tuple[str, ...]] = field(default_factory=dict)      # comp -> nouns


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(
        name="Checkout", key="CHK", project_name="Checkout",
        description="Cart, payments and order placement for the web shop.",
        board_id=11, project_id=10101, sprint_number=78, rate=19.0, velocity=(24.0, 38.0),
        lead="Nadia Okafor",
        members=("Jonas Lindqvist", "Priya Raman", "Mateo Ortega", "Lena Vogel", "Kwame Mensah",
                 "Sofia Conti", "Felix Albers"),
        components={
            "feature": {"payments": 3, "cart": 4, "promotions": 3, "legacy-checkout": 1},
            "defect": {"payments": 3, "cart": 3, "promotions": 2, "legacy-checkout": 2},
            "debt": {"legacy-checkout": 6, "payments": 3, "cart": 1},
            "enabler": {"payments": 4, "cart": 2, "legacy-checkout": 1},
            "architecture": {"payments": 2, "cart": 1, "legacy-checkout": 2},
            "devops": {"payments": 1, "cart": 1, "legacy-checkout": 1},
        },
        objects={
            "payments": ("payment service", "card tokenisation flow", "PSP webhook handler",
                         "refund processor", "3-D Secure redirect"),
            "cart": ("cart service", "cart merge on login", "basket pricing call",
                     "mini-cart widget"),
            "promotions": ("promo code validator", "discount rules", "voucher redemption"),
            "legacy-checkout": ("legacy checkout servlet", "CheckoutController v1",
                                "old order confirmation page", "session-based basket",
                                "SOAP tax adapter"),
        },
    ),
    TeamSpec(
        name="Catalog", key="CAT", project_name="Catalog",
        description="Product data, search and prices.",
        board_id=12, project_id=10102, sprint_number=64, rate=21.0, velocity=(22.0, 32.0),
        lead="Elif Demir",
        members=("Ravi Iyer", "Ingrid Solberg", "Diego Navarro", "Hana Kimura", "Omar Farouk",
                 "Bruno Costa", "Mei Zhou"),
        components={
            "feature": {"search-index": 3, "product-api": 4, "media": 2, "legacy-pricing": 1},
            "defect": {"search-index": 2, "product-api": 3, "media": 2, "legacy-pricing": 2},
            "debt": {"search-index": 5, "legacy-pricing": 5, "product-api": 1, "media": 1},
            "enabler": {"search-index": 2, "product-api": 3, "media": 1},
            "architecture": {"search-index": 2, "product-api": 2, "legacy-pricing": 1},
            "devops": {"search-index": 1, "product-api": 1, "media": 1},
        },
        objects={
            "search-index": ("search indexer", "synonym pipeline", "facet aggregation",
                             "Solr 6 cluster", "nightly index rebuild", "autocomplete suggester"),
            "legacy-pricing": ("price rule engine", "pricing DB views", "currency rounding",
                               "PriceCalculatorV1", "discount stacking logic"),
            "product-api": ("product API v2 endpoints", "product DTO mapping",
                            "GraphQL resolvers", "availability client"),
            "media": ("image resizing service", "media upload", "thumbnail job"),
        },
    ),
    TeamSpec(
        name="Mobile", key="MOB", project_name="Mobile Apps",
        description="iOS and Android shopping apps.",
        board_id=13, project_id=10103, sprint_number=55, rate=18.0, velocity=(26.0, 38.0),
        lead="Lucas Ferreira",
        members=("Nora Aalto", "Tariq Rahman", "Greta Keller", "Kenji Mori", "Zara Qureshi",
                 "Pavel Novak", "Ines Duarte"),
        components={
            "feature": {"ios-app": 4, "android-app": 4, "push-notifications": 2},
            "defect": {"ios-app": 3, "android-app": 3, "push-notifications": 1, "app-release": 1},
            "debt": {"ios-app": 2, "android-app": 2, "app-release": 1},
            "enabler": {"ios-app": 1, "android-app": 1, "push-notifications": 1},
            "architecture": {"ios-app": 1, "android-app": 1},
            "devops": {"app-release": 4, "ios-app": 1, "android-app": 1},
        },
        objects={
            "ios-app": ("iOS product screen", "SwiftUI cart view", "iOS networking layer",
                        "iOS image cache"),
            "android-app": ("Android product screen", "Compose checkout flow",
                            "Android networking layer", "Android deep links"),
            "push-notifications": ("push token registry", "notification preferences",
                                   "campaign deep links"),
            "app-release": ("Fastlane lanes", "TestFlight upload", "Play Store release track"),
        },
    ),
    TeamSpec(
        name="Data", key="DAT", project_name="Data Platform",
        description="Event pipeline, warehouse and reporting.",
        board_id=14, project_id=10104, sprint_number=60, rate=16.0, velocity=(20.0, 30.0),
        lead="Malik Osei",
        members=("Freya Lund", "Arjun Mehta", "Leila Karimi", "Nils Berg", "Camila Rojas",
                 "Hugo Laurent"),
        components={
            "feature": {"reporting": 4, "warehouse": 2, "ml-features": 3, "etl": 1},
            "defect": {"etl": 3, "warehouse": 2, "reporting": 2, "ml-features": 1},
            "debt": {"etl": 3, "warehouse": 3, "reporting": 1},
            "enabler": {"etl": 2, "warehouse": 2, "ml-features": 1},
            "architecture": {"etl": 1, "warehouse": 2},
            "devops": {"etl": 2, "warehouse": 2},
        },
        objects={
            "etl": ("order events loader", "Airflow DAGs", "clickstream ingestion",
                    "CDC connector"),
            "warehouse": ("sales star schema", "dbt models", "warehouse partitions",
                          "customer dimension"),
            "reporting": ("sales dashboard", "weekly KPI report", "finance export"),
            "ml-features": ("recommendation features", "feature store", "churn score job"),
        },
    ),
    TeamSpec(
        name="Platform", key="PLAT", project_name="Platform",
        description="Shared services: identity, gateway, CI/CD, cloud and observability.",
        board_id=15, project_id=10105, sprint_number=71, rate=18.0, velocity=(24.0, 36.0),
        lead="Sana Siddiqui",
        members=("Emil Holm", "Talia Adler", "Viktor Petrov", "Aisha Bello", "Sven Nyberg",
                 "Chloe Moreau", "Yuki Tanaka"),
        components={
            "feature": {"auth": 2, "api-gateway": 2},
            "defect": {"auth": 2, "api-gateway": 3, "ci-pipeline": 2, "observability": 1,
                       "cloud-infra": 1},
            "debt": {"api-gateway": 2, "ci-pipeline": 1, "auth": 2, "cloud-infra": 1},
            "enabler": {"auth": 4, "api-gateway": 4, "cloud-infra": 1},
            "architecture": {"api-gateway": 2, "auth": 1, "cloud-infra": 2},
            "devops": {"ci-pipeline": 4, "observability": 4, "cloud-infra": 3},
        },
        objects={
            "auth": ("SSO login", "token service", "OAuth client registry", "session store"),
            "api-gateway": ("API gateway routes", "gateway rate limiter", "service mesh ingress",
                            "public API edge"),
            "ci-pipeline": ("shared CI templates", "build runners", "artifact registry"),
            "observability": ("tracing collector", "log pipeline", "SLO dashboards"),
            "cloud-infra": ("Kubernetes clusters", "VPC peering", "managed Postgres fleet",
                            "secrets vault"),
        },
    ),
)

TEAM_BY_KEY = {team.key: team for team in TEAMS}

# Epics: (name, category, first sprint offset, length in sprints, label)
EPICS: dict[str, tuple[tuple[str, str, int, int, str], ...]] = {
    "CHK": (("Wallet payments", "feature", -52, 14, ""),
            ("Guest checkout", "feature", -44, 12, ""),
            ("Promotions engine v2", "feature", -36, 16, ""),
            ("Strong customer authentication", "enabler", -30, 12, "security"),
            ("One-click checkout", "feature", -22, 14, ""),
            ("Retire legacy checkout", "debt", -14, 20, "tech-debt"),
            ("Buy now, pay later", "feature", -12, 16, ""),
            ("Checkout speed", "enabler", -6, 14, "performance")),
    "CAT": (("Faceted search", "feature", -52, 14, ""),
            ("Product API v2", "feature", -42, 16, ""),
            ("Image pipeline", "feature", -34, 12, ""),
            ("Search index rewrite", "debt", -30, 40, "tech-debt"),
            ("Multi-currency pricing", "feature", -26, 14, ""),
            ("Pricing engine replacement", "debt", -20, 40, "legacy"),
            ("Search relevance", "feature", -18, 14, ""),
            ("Marketplace listings", "feature", -8, 16, "")),
    "MOB": (("Mobile checkout", "feature", -52, 14, ""),
            ("Push campaigns", "feature", -44, 12, ""),
            ("Offline wishlist", "feature", -36, 12, ""),
            ("App start-up performance", "enabler", -30, 12, "performance"),
            ("Dark mode", "feature", -24, 10, ""),
            ("Loyalty in the app", "feature", -16, 14, ""),
            ("In-app returns", "feature", -8, 16, ""),
            ("Store ratings prompt", "feature", -4, 12, "")),
    "DAT": (("Sales dashboard", "feature", -52, 14, ""),
            ("Event pipeline v2", "enabler", -44, 16, "enabler"),
            ("Customer 360", "feature", -34, 16, ""),
            ("Warehouse cost control", "debt", -26, 12, "tech-debt"),
            ("Recommendation features", "feature", -20, 14, ""),
            ("Data quality checks", "devops", -14, 12, "monitoring"),
            ("Self-service reporting", "feature", -8, 16, ""),
            ("Streaming ingestion", "architecture", -4, 16, "architecture")),
    "PLAT": (("API gateway migration", "enabler", -52, 20, "enabler"),
             ("Single sign-on", "enabler", -44, 16, "security"),
             ("CI pipeline modernisation", "devops", -38, 16, "ci"),
             ("Observability stack", "devops", -30, 16, "monitoring"),
             ("Event bus", "architecture", -24, 14, "architecture"),
             ("Zero-trust networking", "enabler", -16, 18, "security"),
             ("Developer portal", "feature", -12, 14, ""),
             ("Kubernetes upgrade", "devops", -6, 12, "devops")),
}

FEATURES: dict[str, tuple[str, ...]] = {
    "CHK": ("Support {pay} at checkout", "Show {summary} on the order summary",
            "Let shoppers {act}", "Send {mail} email after purchase",
            "Offer {delivery} as a delivery option", "Remember the cart across devices",
            "Pre-fill the address form from the last order", "Show payment errors inline",
            "Allow editing the cart from the payment step"),
    "CAT": ("Filter search results by {facet}", "Show {badge} badge on product tiles",
            "Expose {api} in the product API", "Sort category pages by {sort}",
            "Show prices in {currency}", "Suggest spelling corrections in search",
            "Show product videos on the detail page", "Let merchandisers pin products on {page}"),
    "MOB": ("{platform}: show {screen} in the app", "{platform}: let users {act}",
            "Send push notification when {event}", "{platform}: support {feature}",
            "{platform}: redesign the {screen}", "Add home-screen widget for order tracking",
            "{platform}: add biometric login"),
    "DAT": ("Add {metric} to the sales dashboard", "Daily export of {export} for finance",
            "Expose {feature} in the feature store", "Report {metric} per {dim}",
            "Self-service query for {export}", "Alert merchandisers when {event}"),
    "PLAT": ("Developer portal: publish {doc}", "Self-service {svc} for product teams",
             "Show API usage per team in the portal", "Onboard {team} to single sign-on"),
}

FILL: dict[str, tuple[str, ...]] = {
    "pay": ("Apple Pay", "Google Pay", "PayPal", "Klarna", "iDEAL", "SEPA direct debit",
            "gift cards", "store credit"),
    "summary": ("the delivery estimate", "savings from promotions", "the tax breakdown",
                "loyalty points earned", "the gift-wrap option"),
    "act": ("save a card for later", "split the payment across two cards",
            "apply a gift card", "choose a delivery slot", "reorder a past order",
            "track an order", "start a return", "share a wishlist"),
    "mail": ("an order confirmation", "a shipping update", "a review request",
             "a receipt PDF"),
    "delivery": ("same-day delivery", "click and collect", "parcel lockers",
                 "evening delivery"),
    "facet": ("brand", "price range", "colour", "size", "rating", "availability"),
    "badge": ("a sale", "a new-in", "a low-stock", "an eco-friendly"),
    "api": ("bundle products", "variant availability", "related products",
            "size guides"),
    "sort": ("popularity", "newest first", "discount", "rating"),
    "currency": ("CHF", "SEK", "PLN", "GBP"),
    "page": ("category pages", "brand pages", "campaign pages"),
    "platform": ("iOS", "Android"),
    "screen": ("order history", "product gallery", "wishlist", "store locator",
               "account page", "onboarding"),
    "event": ("an order ships", "a wishlist item is on sale", "a price drops",
              "a back-in-stock item arrives"),
    "feature": ("Apple Pay", "Google Pay", "dark mode", "dynamic type", "offline mode"),
    "metric": ("conversion rate", "average basket", "return rate", "margin",
               "repeat purchase rate"),
    "export": ("refunds", "open orders", "gift card liability", "VAT per country"),
    "dim": ("channel", "country", "campaign", "category"),
    "doc": ("API reference docs", "service templates", "runbooks", "golden paths"),
    "svc": ("database provisioning", "feature flags", "preview environments",
            "secrets rotation"),
    "team": ("Checkout", "Catalog", "Mobile", "Data"),
}

TECH_TEMPLATES: dict[str, tuple[str, ...]] = {
    "debt": ("Refactor {o}", "Remove dead code in {o}", "Migrate {o} off the deprecated client",
             "Replace hand-rolled caching in {o}", "Split {o} into smaller modules",
             "Add characterization tests around {o}", "Upgrade outdated libraries in {o}",
             "Untangle circular dependencies in {o}", "Remove stale feature flags in {o}",
             "Consolidate duplicated logic in {o}"),
    "enabler": ("Cut p95 latency of {o} below 200 ms", "Add rate limiting to {o}",
                "Introduce a caching layer for {o}", "Harden input validation in {o}",
                "Load test {o} for peak traffic", "Make {o} horizontally scalable",
                "Encrypt sensitive fields handled by {o}", "Add idempotency keys to {o}",
                "Rotate credentials used by {o}", "Expose {o} through the API gateway"),
    "architecture": ("Spike: evaluate options for {o}", "Spike: event-driven design for {o}",
                     "ADR: ownership boundaries of {o}", "Spike: migration path for {o}",
                     "Spike: read model for {o}", "ADR: API contract for {o}",
                     "Spike: prototype {o} on the new platform"),
    "devops": ("Add dashboards and alerts for {o}", "Move {o} infrastructure to Terraform",
               "Speed up the CI pipeline of {o}", "Containerise {o}",
               "Add canary releases for {o}", "Automate rollback of {o}",
               "Add synthetic checks for {o}", "Upgrade the Helm chart of {o}"),
    "defect": ("{O} returns 500 when {cond}", "{O} shows the wrong {val}",
               "Crash in {o} after {cond}", "{O} times out under load",
               "Duplicate entries in {o}", "{O} fails for {edge}"),
}

DEFECT_FILL = {
    "cond": ("the session expires", "the basket is empty", "a coupon is removed",
             "the user switches language", "a retry happens", "the locale is de-CH"),
    "val": ("total after discount", "currency symbol", "stock level", "delivery date",
            "VAT amount", "item count"),
    "edge": ("addresses with umlauts", "orders above 10,000 EUR", "zero-price items",
             "customers without email", "leap-day dates"),
}

FEATURE_LABELS = ("customer-facing", "ux", "growth", "okr", "mvp", "partner")
BUG_LABELS = ("regression", "customer-reported", "prod")
NEUTRAL_TECH_LABELS = ("backend", "frontend", "quick-win")

ENVIRONMENTS = ("Production", "Staging", "iOS 17.4 / iPhone 13", "Android 14 / Pixel 7",
                "Chrome 124 on macOS", "Safari on iPad")

SPRINT_GOALS = ("Ship the next slice of {epic}", "{epic}: finish the open stories",
                "{epic}: get it ready for the release", "Fewer open bugs, progress on {epic}", "")

COMMENTS = ("Discussed in refinement, scope agreed.", "Blocked until the platform change lands.",
            "Moved to next sprint, capacity taken by incidents.",
            "PR is up, waiting for review.", "Can we split this one? It looks bigger than 5 points.",
            "Verified on staging.", "Product confirmed the acceptance criteria.",
            "Needs a decision from architecture first.")

DESCRIPTIONS = (
    "h3. Context\n{ctx}\n\nh3. Acceptance criteria\n* {ac1}\n* {ac2}",
    "{ctx}",
    "{ctx}\n\nSee the discussion in the last refinement.",
    "h3. Problem\n{ctx}\n\nh3. Notes\nAgreed with {lead} to keep the scope small.",
)
DESCRIPTION_FILL = {
    "ctx": ("Customers keep asking for this in support tickets.",
            "This slows every change in the area, estimates are inflated because of it.",
            "Needed before the next marketing campaign.",
            "Found during the last incident review.",
            "Product teams cannot move forward until this is available.",
            "Part of the quarterly objectives."),
    "ac1": ("Works on web and in the apps", "Covered by automated tests",
            "Documented in the runbook", "Behind a feature flag"),
    "ac2": ("No change to the public API", "p95 latency unchanged", "Tracked in analytics",
            "Rolled out to 10% first"),
}
