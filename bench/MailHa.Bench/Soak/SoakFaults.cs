using System.Globalization;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Bench.Soak;

/// <summary>
/// The soak's fault injectors, each undone by its own inverse: the lab's verbs (cut, cut-mirror, stop/start a
/// daemon), iptables rules tagged <c>mailha-soak</c> (in the root namespace for the path between MailHa and a node;
/// in a node's namespace for a random share of dropped packets), a small tmpfs over a standby's store, a node's SSH
/// host key replaced. Every fault in force is registered, so a stopped soak undoes what it left (<see cref="UndoAllAsync"/>).
/// </summary>
internal sealed class SoakFaults(Lab lab, string work)
{
    private const string Tag = "mailha-soak";
    private readonly List<(string Name, Func<Task> Undo)> _active = [];

    /// <summary>Faults injected, by kind.</summary>
    public SortedDictionary<string, int> Injected { get; } = new(StringComparer.Ordinal);

    public Task CutNodeAsync(string host, CancellationToken ct) =>
        InjectAsync($"cut {host}", () => VerbAsync(ct, "cut", host), () => VerbAsync(CancellationToken.None, "restore", host));

    public Task CutMirrorAsync(CancellationToken ct) =>
        InjectAsync("cut mirror network", () => VerbAsync(ct, "cut-mirror"), () => VerbAsync(CancellationToken.None, "restore-mirror"));

    /// <summary>Drops what MailHa (the root namespace) sends to <paramref name="host"/>; the other nodes still reach it.</summary>
    public Task CutPathAsync(string host, CancellationToken ct) =>
        InjectAsync($"cut MailHa↔{host}", () => RootRulesAsync("-I", host, ct), () => RootRulesAsync("-D", host, CancellationToken.None));

    /// <summary>Drops <paramref name="percent"/>% of the packets <paramref name="host"/> receives on its service or mirror link.</summary>
    public Task DropPacketsAsync(string host, bool mirrorLink, int percent, CancellationToken ct)
    {
        string Rule(string op) =>
            $"iptables {op} INPUT -i {(mirrorLink ? "eth1" : "eth0")} -m statistic --mode random --probability {(percent / 100.0).ToString("0.00", CultureInfo.InvariantCulture)} -m comment --comment {Tag} -j DROP";
        return InjectAsync($"drop {percent}% on {host}'s {(mirrorLink ? "mirror" : "service")} link",
            () => ExecAsync(host, Rule("-I"), ct), () => ExecAsync(host, Rule("-D"), CancellationToken.None));
    }

    /// <summary>Stops a lab daemon (svc: ldap, smtp, rsyncd, sshd) on <paramref name="host"/>.</summary>
    public Task StopAsync(string host, string svc, CancellationToken ct) =>
        InjectAsync($"stop {svc} on {host}", () => VerbAsync(ct, "stop", host, svc), () => VerbAsync(CancellationToken.None, "start", host, svc));

    /// <summary>
    /// A small tmpfs over <paramref name="host"/>'s <paramref name="store"/> holding a copy of it, then filled: the next pull
    /// finds no space. Undone by unmounting (the store underneath is as it was). The store is live while it is copied
    /// (mail delivered, a pull running), so the copies are rsync's, which takes a file that vanished meanwhile (exit 24)
    /// as the normal case it is; <c>cp -a</c> failed on such races in 2 of 18 fills in the hour run 5.
    /// </summary>
    public Task FillStoreAsync(string host, string store, CancellationToken ct)
    {
        var copy = $"/srv/soak-full-copy";
        const string Copy = "copy() { rsync -a \"$1/\" \"$2/\"; rc=$?; [ $rc -eq 0 ] || [ $rc -eq 24 ]; }";
        return InjectAsync($"fill {host}'s store file system",
            () => ExecAsync(host,
                $"{Copy}; rm -rf '{copy}' && mkdir '{copy}' && copy '{store}' '{copy}' && kib=$(du -sk '{copy}' | cut -f1) && "
                + $"mount -t tmpfs -o size=$((kib * 2 + 1024))k {Tag} '{store}' && copy '{copy}' '{store}' && "
                + $"(dd if=/dev/zero of='{store}/.soak-fill' bs=64k 2>/dev/null || true)", ct),
            () => ExecAsync(host, $"{{ ! mountpoint -q '{store}' || umount '{store}'; }} && rm -rf '{copy}'", CancellationToken.None));
    }

    /// <summary>Replaces <paramref name="host"/>'s SSH host key with a new one (sshd restarted); undone with the old key back.</summary>
    public Task ReplaceHostKeyAsync(string host, CancellationToken ct)
    {
        var key = Path.Combine(lab.RunDirectory, host, "ssh_host_ed25519_key");
        var kept = Path.Combine(work, $"{host}-host-key");
        return InjectAsync($"replace {host}'s SSH host key",
            async () =>
            {
                File.Copy(key, kept, overwrite: true);
                File.Copy(key + ".pub", kept + ".pub", overwrite: true);
                File.Delete(key);
                File.Delete(key + ".pub");
                var made = await Proc.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", $"soak@{host}", "-f", key], TimeSpan.FromSeconds(30), ct);
                Must(made, "ssh-keygen");
                await RestartSshdAsync(host, ct);
            },
            async () =>
            {
                File.Copy(kept, key, overwrite: true);
                File.Copy(kept + ".pub", key + ".pub", overwrite: true);
                await RestartSshdAsync(host, CancellationToken.None);
            });
    }

    /// <summary>The <paramref name="vip"/> taken off <paramref name="host"/> by the product's own commands, as when a cut-off node reboots.</summary>
    public async Task DropVipAsync(string host, VipOptions vip, CancellationToken ct)
    {
        foreach (var drop in VipCommands.Drop(NodePlatform.Linux, vip))
        {
            await ExecAsync(host, drop.Text, ct);
        }
    }

    /// <summary>Undoes the fault called <paramref name="name"/> (as injected) if it is in force.</summary>
    public async Task UndoAsync(string name)
    {
        var found = _active.FindLastIndex(a => a.Name == name);
        if (found >= 0)
        {
            var (_, undo) = _active[found];
            _active.RemoveAt(found);
            await undo();
        }
    }

    /// <summary>Undoes every fault still in force, newest first; failures are collected, not thrown.</summary>
    public async Task<List<string>> UndoAllAsync()
    {
        var problems = new List<string>();
        while (_active.Count > 0)
        {
            var (name, undo) = _active[^1];
            _active.RemoveAt(_active.Count - 1);
            try
            {
                await undo();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                problems.Add($"undo {name}: {e.Message}");
            }
        }

        return problems;
    }

    /// <summary>Names of the faults in force now.</summary>
    public IReadOnlyList<string> Active => [.. _active.Select(a => a.Name)];

    private async Task InjectAsync(string name, Func<Task> inject, Func<Task> undo)
    {
        var kind = name.Split(' ')[0];
        Injected[kind] = Injected.GetValueOrDefault(kind) + 1;
        _active.Add((name, undo));
        await inject();
    }

    private async Task RestartSshdAsync(string host, CancellationToken ct)
    {
        await VerbAsync(ct, "stop", host, "sshd");
        await VerbAsync(ct, "start", host, "sshd");
    }

    private async Task RootRulesAsync(string op, string host, CancellationToken ct)
    {
        foreach (var address in lab.Addresses(host))
        {
            Must(await Proc.RunAsync("iptables", [op, "OUTPUT", "-d", address, "-m", "comment", "--comment", Tag, "-j", "DROP"], TimeSpan.FromSeconds(20), ct), $"iptables {op} OUTPUT -d {address}");
        }
    }

    private Task VerbAsync(CancellationToken ct, params string[] args) => lab.VerbAsync(ct, args);

    private async Task ExecAsync(string host, string script, CancellationToken ct) => Must(await lab.ExecAsync(host, script, ct), $"on {host}: {script}");

    private static void Must(ProcResult result, string what)
    {
        if (!result.Ok)
        {
            throw new InvalidOperationException($"{what}: {result.Describe()}");
        }
    }
}
