using System.Globalization;

namespace MailHa.Bench;

/// <summary>Command-line options of mailha-bench (bench/run passes its arguments through).</summary>
internal sealed class BenchOptions
{
    public string Repository { get; private set; } = FindRepository();

    public const string DefaultOutput = "docs/benchmarks-latest.md";

    public string Output { get; private set; } = DefaultOutput;

    public int Runs { get; private set; } = 10;

    public int FailoverRuns { get; private set; } = 6;

    public int BigSwitchoverRuns { get; private set; } = 3;

    public double? ConnectTimeout { get; private set; }

    public double? ProbeTimeout { get; private set; }

    public int MirrorRuns { get; private set; } = 10;

    public int StatusRuns { get; private set; } = 30;

    public int StatusCutRuns { get; private set; } = 10;

    public int Folders { get; private set; } = 2000;

    public int FilesPerFolder { get; private set; } = 50;

    public int SlackRequests { get; private set; } = 2000;

    public int SlackConcurrency { get; private set; } = 50;

    public int SlackSeconds { get; private set; } = 60;

    public int RestoreRuns { get; private set; } = 3;

    /// <summary><c>MailHa:Alerts:DownAfter</c> for the restore stage; null: the default (60 s).</summary>
    public double? RestoreDownAfter { get; private set; }

    /// <summary>How long the restore stage's flapping node flaps (cut 10 s, back 20 s); 0 skips it.</summary>
    public double RestoreFlapMinutes { get; private set; } = 10;

    /// <summary>Switchovers approved on the other instance, and as many approved on the same one (the instances stage).</summary>
    public int ApprovalRuns { get; private set; } = 3;

    /// <summary>Leader losses by SIGKILL, each instance on its own host.</summary>
    public int TakeoverRuns { get; private set; } = 2;

    /// <summary>Leader losses of each baseline kind: SIGTERM on two hosts, SIGKILL on one host.</summary>
    public int TakeoverBaselineRuns { get; private set; } = 1;

    /// <summary>Kills of the instance running the scheduled mirror, mid-run (off by default: a finding, not a figure).</summary>
    public int MidMirrorRuns { get; private set; }

    /// <summary>The soak's length of episodes (<c>--minutes</c>), after a minute of warm-up.</summary>
    public double SoakMinutes { get; private set; } = 30;

    /// <summary>The soak's seed (<c>--seed</c>): the same seed, the same schedule.</summary>
    public int SoakSeed { get; private set; } = 1;

    public HashSet<string> Only { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Command { get; private set; } = "bench/run";

    public bool Wants(string stage) => Only.Count == 0 ? stage != "soak" : Only.Contains(stage);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var passed = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
            var arg = args[i];
            switch (arg)
            {
                case "--repo": options.Repository = Path.GetFullPath(Value()); continue;
                case "--out": options.Output = Value(); break;
                case "--runs": options.Runs = Number(); break;
                case "--failover-runs": options.FailoverRuns = Number(); break;
                case "--big-switchover-runs": options.BigSwitchoverRuns = Number(); break;
                case "--connect-timeout": options.ConnectTimeout = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--probe-timeout": options.ProbeTimeout = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--mirror-runs": options.MirrorRuns = Number(); break;
                case "--status-runs": options.StatusRuns = Number(); break;
                case "--status-cut-runs": options.StatusCutRuns = Number(); break;
                case "--folders": options.Folders = Number(); break;
                case "--files-per-folder": options.FilesPerFolder = Number(); break;
                case "--slack-requests": options.SlackRequests = Number(); break;
                case "--slack-concurrency": options.SlackConcurrency = Number(); break;
                case "--slack-seconds": options.SlackSeconds = Number(); break;
                case "--restore-runs": options.RestoreRuns = Number(); break;
                case "--restore-down-after": options.RestoreDownAfter = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--restore-flap-minutes": options.RestoreFlapMinutes = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--approval-runs": options.ApprovalRuns = Number(); break;
                case "--takeover-runs": options.TakeoverRuns = Number(); break;
                case "--takeover-baseline-runs": options.TakeoverBaselineRuns = Number(); break;
                case "--mid-mirror-runs": options.MidMirrorRuns = Number(); break;
                case "--minutes": options.SoakMinutes = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--seed": options.SoakSeed = Number(); break;
                case "--only":
                    foreach (var stage in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        options.Only.Add(stage);
                    }

                    break;
                default: throw new ArgumentException($"unknown option {arg} (see bench/README.md)");
            }

            passed.Add(arg);
            if (arg != args[i])
            {
                passed.Add(args[i]);
            }
        }

        options.Command = string.Join(" ", ["bench/run", .. passed]);
        return options;
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MailHa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MailHa.sln not found above the current directory: pass --repo");
    }
}
