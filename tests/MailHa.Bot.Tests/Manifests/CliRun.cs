namespace MailHa.Bot.Tests.Manifests;

/// <summary>One <c>mailha</c> invocation: its exit code and what it wrote to stdout and stderr.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error);
