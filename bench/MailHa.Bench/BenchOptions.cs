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

    /// <summary>The topologies stage: the N+1 labs measured, by number of services (<c>--topology-services 2,4,8</c>).</summary>
    public List<int> TopologyServices { get; private set; } = [2, 4, 8];

    /// <summary>The topologies stage: status calls per lab after two warm-ups.</summary>
    public int TopologyStatusRuns { get; private set; } = 20;

    /// <summary>The topologies stage: unplanned failovers of one service per lab (asymmetric, symmetric, N+1 with 2).</summary>
    public int TopologyFailoverRuns { get; private set; } = 3;

    /// <summary>The topologies stage: <c>/mail status</c> commands typed into <c>mailha serve</c>'s console before its memory is read.</summary>
    public int MemoryCommands { get; private set; } = 10;

    /// <summary>The continuous stage: messages a second through the sending MTA (<c>--continuous-rate</c>).</summary>
    public int ContinuousRate { get; private set; } = 20;

    /// <summary>The continuous stage: seconds of steady mail per lag window (<c>--continuous-seconds</c>).</summary>
    public double ContinuousSeconds { get; private set; } = 60;

    /// <summary>The continuous stage: Interval's runs every this many seconds (<c>--continuous-interval</c>; production's cron: 600).</summary>
    public double ContinuousInterval { get; private set; } = 60;

    /// <summary>The continuous stage: seconds of mail before the source is cut (<c>--continuous-failover-seconds</c>).</summary>
    public double ContinuousFailoverSeconds { get; private set; } = 30;

    /// <summary>The continuous stage: a big store generated before the lab (<c>--continuous-store DIR</c>, made by <c>--generate-store DIR</c>); null: generate it in the lab.</summary>
    public string? ContinuousStore { get; private set; }

    /// <summary>The continuous stage's big store when generated in the lab: folders and files per folder.</summary>
    public int ContinuousFolders { get; private set; } = 1000;

    public int ContinuousFilesPerFolder { get; private set; } = 100;

    /// <summary>The continuous stage's overflow burst: new files, and the seconds they are spread over at most.</summary>
    public int BurstFiles { get; private set; } = 100_000;

    public double BurstSeconds { get; private set; } = 10;

    /// <summary><c>--generate-store DIR</c>: only generate the big store into DIR (no lab, no lock) with <c>--folders</c> and <c>--files-per-folder</c>.</summary>
    public string? GenerateStore { get; private set; }

    /// <summary>The continuous stage's parts (<c>--continuous-parts lag,failover,big</c>, all by default).</summary>
    public HashSet<string> ContinuousParts { get; private set; } = new(["lag", "failover", "big"], StringComparer.OrdinalIgnoreCase);

    public ContinuousSettings Continuous => new(ContinuousParts, ContinuousRate, ContinuousSeconds, ContinuousInterval, ContinuousFailoverSeconds, ContinuousStore, ContinuousFolders, ContinuousFilesPerFolder, BurstFiles, BurstSeconds);

    /// <summary>The soak's length of episodes (<c>--minutes</c>), after a minute of warm-up.</summary>
    public double SoakMinutes { get; private set; } = 30;

    /// <summary>The soak's seed (<c>--seed</c>): the same seed, the same schedule.</summary>
    public int SoakSeed { get; private set; } = 1;

    /// <summary>The lab's topology (<c>--topology</c>, bench/run passes it to <c>lab/lab up</c>): asymmetric (the default), or with <c>--only soak</c> symmetric or n+1.</summary>
    public string Topology { get; private set; } = "asymmetric";

    public HashSet<string> Only { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Command { get; private set; } = "bench/run";

    /// <summary>Stages run only when named with <c>--only</c>: the soak and the continuous stage (issue #22, ~20 min).</summary>
    public bool Wants(string stage) => Only.Count == 0 ? stage is not ("soak" or "continuous") : Only.Contains(stage);

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
                case "--topology-services":
                    options.TopologyServices = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture))];
                    if (options.TopologyServices.Any(n => n is < 1 or > 8))
                    {
                        throw new ArgumentException("--topology-services takes numbers of services from 1 to 8 (lab/lab up --topology n+1 --services N)");
                    }

                    break;
                case "--topology-status-runs": options.TopologyStatusRuns = Number(); break;
                case "--topology-failover-runs": options.TopologyFailoverRuns = Number(); break;
                case "--memory-commands": options.MemoryCommands = Number(); break;
                case "--continuous-parts":
                    options.ContinuousParts = new(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
                    if (options.ContinuousParts.Except(["lag", "failover", "big"], StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } unknown)
                    {
                        throw new ArgumentException($"--continuous-parts: unknown part '{unknown}' (lag, failover, big)");
                    }

                    break;
                case "--continuous-rate": options.ContinuousRate = Number(); break;
                case "--continuous-seconds": options.ContinuousSeconds = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--continuous-interval": options.ContinuousInterval = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--continuous-failover-seconds": options.ContinuousFailoverSeconds = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--continuous-store": options.ContinuousStore = Path.GetFullPath(Value()); break;
                case "--continuous-folders": options.ContinuousFolders = Number(); break;
                case "--continuous-files-per-folder": options.ContinuousFilesPerFolder = Number(); break;
                case "--burst-files": options.BurstFiles = Number(); break;
                case "--burst-seconds": options.BurstSeconds = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--generate-store": options.GenerateStore = Path.GetFullPath(Value()); break;
                case "--minutes": options.SoakMinutes = double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case "--seed": options.SoakSeed = Number(); break;
                case "--topology":
                    options.Topology = Value();
                    if (options.Topology is not ("asymmetric" or "symmetric" or "n+1"))
                    {
                        throw new ArgumentException($"--topology: unknown topology '{options.Topology}' (asymmetric, symmetric, n+1)");
                    }

                    break;
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

        if (options.Topology != "asymmetric" && !options.Only.SetEquals(["soak"]))
        {
            throw new ArgumentException($"--topology {options.Topology} runs the soak only: add --only soak (the other stages measure the asymmetric lab; topologies brings up its own)");
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
