/** sst.config.ts and the stage rules, without synthesizing anything. */
import { describe, expect, it } from "vitest";
import { stageSettings, validateStage } from "../../infra/stage";
import { Annotations, Match, nagProbe } from "../../infra/testing";
import config from "../../sst.config";

describe("sst.config.ts", () => {
  it("names the app atensi-hub and defaults to Jakarta (ap-southeast-3)", async () => {
    const base = await config.config({} as never);
    expect(base).toMatchObject({ name: "atensi-hub", region: "ap-southeast-3" });
    const other = await config.config({ region: "ap-southeast-1", stage: "prod" } as never);
    expect(other).toMatchObject({ region: "ap-southeast-1", stage: "prod" });
  });
});

const DOMAIN = {
  ATENSI_PORTAL_DOMAIN: "hub.example.go.id",
  ATENSI_PORTAL_CERTIFICATE_ARN: "arn:aws:acm:us-east-1:123456789012:certificate/x",
  ATENSI_MAIL_FROM: "Portal Mitra ATENSI <no-reply@atensi.kemensos.go.id>",
};

describe("stages", () => {
  it("treats prod, production and staging as production: RETAIN, long log retention, no dev origins", () => {
    for (const stage of ["prod", "production", "staging"]) {
      const settings = stageSettings(stage, DOMAIN);
      expect(settings.production).toBe(true);
      expect(settings.removalPolicy).toBe("retain");
      expect(settings.extraOrigins).toEqual([]);
    }
    const dev = stageSettings("dev", {});
    expect(dev.production).toBe(false);
    expect(dev.removalPolicy).toBe("destroy");
    expect(dev.extraOrigins).toEqual(["http://localhost:5173"]);
  });

  it("rejects stage names that cannot prefix stacks and bucket names", () => {
    expect(() => validateStage("Prod")).toThrow();
    expect(() => validateStage("my_stage")).toThrow();
    expect(() => validateStage("a-very-long-stage-name")).toThrow();
    expect(validateStage("pr-123")).toBe("pr-123");
  });

  it("refuses a production stage without its own domain and certificate (TLS 1.2 needs them)", () => {
    for (const stage of ["prod", "production", "staging"])
      expect(() => stageSettings(stage, {}), stage).toThrow(/production stage.*TLS 1\.2/);
    expect(stageSettings("dev", {}).portalDomain).toBeUndefined();
  });

  it("needs the portal domain and its us-east-1 certificate together", () => {
    expect(() => stageSettings("prod", { ATENSI_PORTAL_DOMAIN: "hub.example.go.id" })).toThrow(/both/);
    expect(() =>
      stageSettings("prod", {
        ATENSI_MAIL_FROM: "no-reply@atensi.kemensos.go.id",
        ATENSI_PORTAL_DOMAIN: "hub.example.go.id",
        ATENSI_PORTAL_CERTIFICATE_ARN: "arn:aws:acm:ap-southeast-3:123456789012:certificate/x",
      }),
    ).toThrow(/us-east-1/);
  });
});

describe("cdk-nag wiring", () => {
  it("flags a non-compliant resource as an error (the checks really run)", () => {
    const stack = nagProbe();
    const errors = Annotations.fromStack(stack).findError(
      "*",
      Match.stringLikeRegexp("AwsSolutions-SQS[34]"),
    );
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});
