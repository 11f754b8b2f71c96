using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.IdentityModel.Tokens;

namespace RiskGrains.Server.Security;

/// <summary>The wiring of <c>RiskGrains:Auth</c>: who may call, and as whom (SECURITY.md).</summary>
internal static class SecurityHosting
{
    public static void AddRiskGrainsSecurity(this WebApplicationBuilder builder, AuthOptions auth)
    {
        // Without authentication the server may listen only on loopback: checked before anything
        // starts, and again on the addresses actually bound (SecurityStartCheck).
        if (auth.Mode == AuthMode.None)
        {
            ListeningAddresses.RequireLoopback(ListeningAddresses.Configured(builder.Configuration));
        }

        var services = builder.Services;
        services.AddSingleton(sp => KnownCallers.Load(auth, sp.GetRequiredService<ILoggerFactory>()));
        var authentication = services
            .AddAuthentication(CallerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CallerAuthenticationHandler>(CallerAuthenticationHandler.SchemeName, configureOptions: null);
        if (auth.Mode == AuthMode.Jwt)
        {
            authentication.AddJwtBearer(CallerAuthenticationHandler.JwtScheme, bearer => ConfigureJwt(bearer, auth.Jwt));
        }

        // An endpoint that names no policy (an RPC added without one) still needs a known caller;
        // health and reflection are marked open where they are mapped.
        services.AddAuthorizationBuilder()
            .AddRolePolicies()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        services.AddSingleton<SecurityStartCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<SecurityStartCheck>());

        if (!string.IsNullOrWhiteSpace(auth.ClientCertificates))
        {
            // The file of thumbprints is what is trusted, not a CA: any certificate passes the handshake,
            // and only a listed one (within its validity) authenticates. Clients without one still connect.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (_, _, _) => true;
            }));
        }
    }

    private static void ConfigureJwt(JwtBearerOptions bearer, JwtOptions jwt)
    {
        // Claims keep their names (role, sub), not the long Microsoft URIs.
        bearer.MapInboundClaims = false;
        var validation = bearer.TokenValidationParameters;
        validation.ClockSkew = TimeSpan.FromMinutes(1);
        validation.RequireExpirationTime = true;
        if (jwt.SigningKeyBytes() is { } key)
        {
            validation.IssuerSigningKey = new SymmetricSecurityKey(key);
            validation.ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512];
            validation.ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer);
            validation.ValidIssuer = jwt.Issuer;
            validation.ValidateAudience = !string.IsNullOrWhiteSpace(jwt.Audience);
            validation.ValidAudience = jwt.Audience;
        }
        else
        {
            // The issuer and its keys come from the authority's OpenID Connect metadata.
            bearer.Authority = jwt.Authority;
            bearer.Audience = jwt.Audience;
            if (!string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                validation.ValidIssuer = jwt.Issuer;
            }
        }
    }
}
