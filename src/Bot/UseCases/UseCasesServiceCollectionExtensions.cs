using MailHa.Bot.Incidents;
using MailHa.Bot.Pipeline;

namespace MailHa.Bot.UseCases;

public static class UseCasesServiceCollectionExtensions
{
    /// <summary>Every operator action, in the order help lists them. A new verb is one file and one line here.</summary>
    public static IServiceCollection AddUseCases(this IServiceCollection services) => services
        .AddSingleton<SharedStatus>()
        .AddPipeline()
        .AddUseCase<StatusUseCase>()
        .AddUseCase<DryRunUseCase>()
        .AddUseCase<FailoverUseCase>()
        .AddUseCase<SwitchoverUseCase>()
        .AddUseCase<FailbackUseCase>()
        .AddUseCase<NodeMoveDryRunUseCase>()
        .AddUseCase<EvacuateUseCase>()
        .AddUseCase<RestoreUseCase>()
        .AddUseCase<ResumeUseCase>()
        .AddUseCase<MirrorRunUseCase>()
        .AddUseCase<MirrorPauseUseCase>()
        .AddUseCase<MirrorResumeUseCase>()
        .AddUseCase<MirrorHistoryUseCase>()
        .AddUseCase<ApprovalsUseCase>()
        .AddUseCase<ApproveUseCase>()
        .AddUseCase<RejectUseCase>()
        .AddIncidents()
        .AddUseCase<IncidentUseCase>()
        .AddUseCase<AuditUseCase>()
        .AddUseCase<HelpUseCase>();
}
