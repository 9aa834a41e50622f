using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CryoCdsHooks.Web.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ClientScopedRecordsAndSharedState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HookInvocations_HookInstance",
                table: "HookInvocations");

            migrationBuilder.DropIndex(
                name: "IX_CardFeedback_ServiceId_CardUuid_Outcome_OutcomeTimestamp",
                table: "CardFeedback");

            // Existing rows keep their JSON as UTF-8 bytes (a plain cast would read backslashes as escapes);
            // CompressedTextConverter reads those as they are and compresses what is written from now on.
            migrationBuilder.Sql("""ALTER TABLE "HookInvocations" ALTER COLUMN "ResponseJson" TYPE bytea USING convert_to("ResponseJson", 'UTF8');""");
            migrationBuilder.Sql("""ALTER TABLE "HookInvocations" ALTER COLUMN "RequestJson" TYPE bytea USING convert_to("RequestJson", 'UTF8');""");

            migrationBuilder.AddColumn<string>(
                name: "ClientId",
                table: "HookInvocations",
                type: "character varying(512)",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RequestHash",
                table: "HookInvocations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClientId",
                table: "CoverageAssertions",
                type: "character varying(512)",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ClientId",
                table: "CardFeedback",
                type: "character varying(512)",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "IssuedCards",
                columns: table => new
                {
                    CardUuid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ClientId = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ServiceId = table.Column<string>(type: "text", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuedCards", x => x.CardUuid);
                });

            migrationBuilder.CreateTable(
                name: "RateWindows",
                columns: table => new
                {
                    Partition = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WindowStart = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RateWindows", x => new { x.Partition, x.WindowStart });
                });

            migrationBuilder.CreateTable(
                name: "UsedTokens",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsedTokens", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_ClientId_HookInstance",
                table: "HookInvocations",
                columns: new[] { "ClientId", "HookInstance" },
                unique: true,
                filter: "\"StatusCode\" = 200");

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_ReceivedAt",
                table: "HookInvocations",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CoverageAssertions_CreatedAt",
                table: "CoverageAssertions",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CardFeedback_ClientId_ServiceId_CardUuid_Outcome_OutcomeTim~",
                table: "CardFeedback",
                columns: new[] { "ClientId", "ServiceId", "CardUuid", "Outcome", "OutcomeTimestamp" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCards_IssuedAt",
                table: "IssuedCards",
                column: "IssuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_UsedTokens_ExpiresAt",
                table: "UsedTokens",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IssuedCards");

            migrationBuilder.DropTable(
                name: "RateWindows");

            migrationBuilder.DropTable(
                name: "UsedTokens");

            migrationBuilder.DropIndex(
                name: "IX_HookInvocations_ClientId_HookInstance",
                table: "HookInvocations");

            migrationBuilder.DropIndex(
                name: "IX_HookInvocations_ReceivedAt",
                table: "HookInvocations");

            migrationBuilder.DropIndex(
                name: "IX_CoverageAssertions_CreatedAt",
                table: "CoverageAssertions");

            migrationBuilder.DropIndex(
                name: "IX_CardFeedback_ClientId_ServiceId_CardUuid_Outcome_OutcomeTim~",
                table: "CardFeedback");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "HookInvocations");

            migrationBuilder.DropColumn(
                name: "RequestHash",
                table: "HookInvocations");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "CoverageAssertions");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "CardFeedback");

            migrationBuilder.AlterColumn<string>(
                name: "ResponseJson",
                table: "HookInvocations",
                type: "text",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "bytea");

            migrationBuilder.AlterColumn<string>(
                name: "RequestJson",
                table: "HookInvocations",
                type: "text",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "bytea",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_HookInstance",
                table: "HookInvocations",
                column: "HookInstance",
                unique: true,
                filter: "\"StatusCode\" = 200");

            migrationBuilder.CreateIndex(
                name: "IX_CardFeedback_ServiceId_CardUuid_Outcome_OutcomeTimestamp",
                table: "CardFeedback",
                columns: new[] { "ServiceId", "CardUuid", "Outcome", "OutcomeTimestamp" },
                unique: true);
        }
    }
}
