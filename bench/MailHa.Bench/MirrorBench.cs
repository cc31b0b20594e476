using System.Diagnostics;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHa.Bench;

/// <summary>
/// Measurement 3: a 100,000-message store in 2,000 folders on mail1, 1% of it changed before every run
/// (0.6% rewritten, 0.2% new, 0.2% deleted); MailHa's guarded mirror run against the same rsync pull
/// run raw over ssh on mail2, alternating M R R M ..., in one session. The raw command is the exact
/// <c>exec rsync</c> line of MailHa's own <see cref="MirrorScript"/>, so the flags are the same.
/// </summary>
internal sealed class MirrorBench(Lab lab, string workDirectory, int runs, int folders, int perFolder)
{
    private const string Folder = "bench-store";
    private readonly List<string> _files = [];

    public TimeSpan GenerateTime { get; private set; }

    public long GeneratedBytes { get; private set; }

    public ProcResult? InitialPull { get; private set; }

    public List<MirrorRunResult> Results { get; } = [];

    public List<double> SshOverheadMs { get; } = [];

    public string RawCommand { get; private set; } = "";

    public int ChangedPerRun => GeneratedCount / 100;

    public int GeneratedCount => folders * perFolder;

    public int FolderCount => folders;

    /// <param name="whileStoreExists">Runs after the mirror runs, before the store is removed (the switchover on the big store).</param>
    public async Task RunAsync(Func<Task>? whileStoreExists, CancellationToken cancellationToken)
    {
        await lab.NormalizeAsync("mail1", cancellationToken);
        var log = new SshCommandLog();
        using var host = LabHost.Build(lab, LabHost.Overrides(Path.Combine(workDirectory, "mirror.db"), "mail1"), log);
        var runner = host.Services.GetRequiredService<MirrorRunner>();
        var service = LabHost.Service(host);
        RawCommand = RawPull(host.Services, "mail1", "mail2");
        try
        {
            Generate();
            Console.WriteLine($"  generated {_files.Count} files ({GeneratedBytes / 1e6:0.0} MB) in {GenerateTime.TotalSeconds:0.0} s; initial pull...");
            InitialPull = await lab.SshAsync("mail2", RawCommand, TimeSpan.FromMinutes(20), cancellationToken);
            Console.WriteLine($"  initial full pull: {InitialPull.Elapsed.TotalSeconds:0.0} s, exit {InitialPull.Code}");
            if (!InitialPull.Ok)
            {
                throw new InvalidOperationException($"the initial pull failed: {InitialPull.Describe()}");
            }

            // Warm-ups, not measured: MailHa's SSH connections and both tools' page cache.
            await runner.RunAsync(new MirrorRequest(service, "bench:warm-up"), cancellationToken);
            await lab.SshAsync("mail2", RawCommand, TimeSpan.FromMinutes(20), cancellationToken);
            for (var i = 0; i < 10; i++)
            {
                SshOverheadMs.Add((await lab.SshAsync("mail2", "true", TimeSpan.FromSeconds(20), cancellationToken)).Elapsed.TotalMilliseconds);
            }

            for (var k = 0; k < 2 * runs; k++)
            {
                Change(new Random(1000 + k), k);
                var tool = (k + 1) / 2 % 2 == 0 ? "mailha" : "rsync";
                var result = tool == "mailha" ? await MailHaAsync(runner, service, log, k, cancellationToken) : await RawAsync(k, cancellationToken);
                Results.Add(result);
                Console.WriteLine($"  mirror #{k:00} {tool,-6} {result.WallMs:0} ms, good {result.Good}, stats {result.StatsBytes} B, wire {result.WireBytes} B, transferred {result.Transferred}, deleted {result.Deleted} {result.Note}");
            }

            if (whileStoreExists is not null)
            {
                // Both hosts hold the whole store now (the last run pulled it): the next moves sync the big store.
                await runner.RunAsync(new MirrorRequest(service, "bench:before-switchovers"), cancellationToken);
                await whileStoreExists();
            }
        }
        finally
        {
            foreach (var node in lab.Hosts)
            {
                var path = lab.HostPath(node, $"{lab.StorePath}/{Folder}");
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        }
    }

    private static async Task<MirrorRunResult> MailHaAsync(MirrorRunner runner, ServiceDefinition service, SshCommandLog log, int k, CancellationToken cancellationToken)
    {
        var before = WireBytes();
        var clock = new Stopwatch();
        log.Reset(clock);
        clock.Start();
        var run = await runner.RunAsync(new MirrorRequest(service, $"bench:{k}"), cancellationToken);
        var wall = clock.Elapsed.TotalMilliseconds;
        return new MirrorRunResult(k, "mailha", wall, run.IsGood, run.Stats?.BytesSent, run.Stats?.BytesReceived, WireBytes() - before,
            run.Stats?.FilesTransferred, run.Stats?.FilesDeleted, log.Commands, run.IsGood ? "" : run.Describe());
    }

    private async Task<MirrorRunResult> RawAsync(int k, CancellationToken cancellationToken)
    {
        var before = WireBytes();
        var result = await lab.SshAsync("mail2", RawCommand, TimeSpan.FromMinutes(20), cancellationToken);
        var stats = RsyncStatsParser.Parse(result.StdOut);
        return new MirrorRunResult(k, "rsync", result.Elapsed.TotalMilliseconds, result.Ok, stats?.BytesSent, stats?.BytesReceived, WireBytes() - before,
            stats?.FilesTransferred, stats?.FilesDeleted, [], result.Ok ? "" : result.Describe());
    }

    /// <summary>The pull as MailHa runs it, without its guards: the script's last line, password file spelled out.</summary>
    public static string RawPull(IServiceProvider services, string source, string target)
    {
        var options = services.GetRequiredService<IOptions<MirrorOptions>>().Value;
        var topology = services.GetRequiredService<IOptions<TopologyOptions>>().Value;
        var ssh = services.GetRequiredService<IOptions<SshOptions>>().Value;
        var script = MirrorScript.Build(options, topology.Nodes.Single(n => n.NodeName == new NodeName(source)), topology.Nodes.Single(n => n.NodeName == new NodeName(target)), topology.Vip!, 1, options.RunTimeout, ssh.ConnectTimeout);
        var line = script.Text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("exec rsync ", StringComparison.Ordinal));
        return line["exec ".Length..].Replace("\"$PF\"", $"'{options.PasswordFile}'", StringComparison.Ordinal);
    }

    private static long WireBytes() => Lab.ReadCounter("mha-m1-mir", "rx_bytes") + Lab.ReadCounter("mha-m1-mir", "tx_bytes");

    private void Generate()
    {
        var clock = Stopwatch.StartNew();
        var (names, bytes) = StoreGenerator.Generate(lab.HostPath("mail1", $"{lab.StorePath}/{Folder}"), folders, perFolder);
        _files.AddRange(names);
        GeneratedBytes = bytes;
        GenerateTime = clock.Elapsed;
    }

    /// <summary>1% of the store: 60% of that rewritten (new content and size), 20% new files, 20% deleted.</summary>
    private void Change(Random random, int k)
    {
        var changed = _files.Count / 100;
        var rewrite = changed * 6 / 10;
        var create = changed * 2 / 10;
        var delete = changed - rewrite - create;
        for (var i = 0; i < rewrite; i++)
        {
            var path = _files[random.Next(_files.Count)];
            File.WriteAllBytes(path, StoreGenerator.Message(random, $"rewrite {k}.{i}"));
        }

        for (var i = 0; i < delete; i++)
        {
            var index = random.Next(_files.Count);
            File.Delete(_files[index]);
            _files[index] = _files[^1];
            _files.RemoveAt(_files.Count - 1);
        }

        var root = lab.HostPath("mail1", $"{lab.StorePath}/{Folder}");
        for (var i = 0; i < create; i++)
        {
            var path = Path.Combine(root, $"f{random.Next(folders):0000}", $"n{k:00}-{i:0000}.msg");
            File.WriteAllBytes(path, StoreGenerator.Message(random, $"new {k}.{i}"));
            _files.Add(path);
        }
    }
}
