namespace MailHa.TestSupport.Topology;

/// <summary>The lab's HA models as configuration, beside the two-node pair of <see cref="TwoNodeSettings"/>.</summary>
public enum LabTopology
{
    /// <summary>mail1 active, mail2 its standby: one implicit service (today's files).</summary>
    Asymmetric,

    /// <summary>jt-mail-a on [mail1, mail2] (VIP .10) and jt-mail-b on [mail2, mail1] (VIP .11).</summary>
    Symmetric,

    /// <summary>jt-mail-a on [mail1, mail3], jt-mail-b on [mail2, mail3]; mail3 the standby of both, capacity 1.</summary>
    NPlusOne,
}

/// <summary>
/// <see cref="TwoNodeSettings"/> in the services shape for <see cref="LabTopology.Symmetric"/> and
/// <see cref="LabTopology.NPlusOne"/> (the lab's names and addresses); the asymmetric pair unchanged.
/// </summary>
public static class ServiceSettings
{
    public static Dictionary<string, string?> Create(string directory, LabTopology topology)
    {
        var settings = TwoNodeSettings.Create(directory);
        if (topology == LabTopology.Asymmetric)
        {
            return settings;
        }

        foreach (var key in settings.Keys.Where(k => k.StartsWith("MailHa:Vip:", StringComparison.Ordinal) || k.EndsWith(":Role", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }

        if (topology == LabTopology.NPlusOne)
        {
            foreach (var (key, value) in settings.Where(k => k.Key.StartsWith("MailHa:Nodes:1:", StringComparison.Ordinal)).ToList())
            {
                settings[key.Replace("MailHa:Nodes:1:", "MailHa:Nodes:2:", StringComparison.Ordinal)] = value?.Replace("mail2", "mail3", StringComparison.Ordinal).Replace(".2", ".3", StringComparison.Ordinal);
            }

            settings["MailHa:Nodes:2:Capacity"] = "1";
        }

        var standbys = topology == LabTopology.NPlusOne ? new[] { "mail3", "mail3" } : ["mail2", "mail1"];
        string[] homes = ["mail1", "mail2"];
        for (var i = 0; i < 2; i++)
        {
            var name = i == 0 ? "a" : "b";
            settings[$"MailHa:Services:{i}:Name"] = $"jt-mail-{name}";
            settings[$"MailHa:Services:{i}:Nodes:0"] = homes[i];
            settings[$"MailHa:Services:{i}:Nodes:1"] = standbys[i];
            settings[$"MailHa:Services:{i}:Vip:Address"] = $"198.18.15.{10 + i}";
            settings[$"MailHa:Services:{i}:Vip:Interface"] = "eth0";
            settings[$"MailHa:Services:{i}:Vip:Label"] = $"eth0:{name}";
            settings[$"MailHa:Services:{i}:Mirror:Module"] = $"msgstore-{name}";
            settings[$"MailHa:Services:{i}:Mirror:StorePath"] = $"/srv/msgstore-{name}";
            settings[$"MailHa:Services:{i}:Mirror:StateFile"] = $"/var/lib/mailha/roles-jt-mail-{name}";
        }

        return settings;
    }
}
