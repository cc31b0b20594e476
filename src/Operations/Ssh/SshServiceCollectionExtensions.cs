using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Operations.Ssh;

public static class SshServiceCollectionExtensions
{
    /// <summary>Registers the SSH remote shell and its validated options (<c>MailHa:Ssh</c>).</summary>
    public static IServiceCollection AddSsh(this IServiceCollection services)
    {
        services.AddOptions<SshOptions>().BindConfiguration(SshOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SshRemoteShell>();
        services.TryAddSingleton<IRemoteShell>(provider => provider.GetRequiredService<SshRemoteShell>());
        services.TryAddSingleton<IStreamingShell>(provider => provider.GetRequiredService<SshRemoteShell>());
        return services;
    }
}
