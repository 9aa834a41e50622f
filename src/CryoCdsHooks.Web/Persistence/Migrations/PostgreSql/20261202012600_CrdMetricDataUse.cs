using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CryoCdsHooks.Web.Persistence.Migrations.PostgreSql
{
    /// <summary>CRD metric data use per call (the ReceivedAt index it reads comes with ClientScopedRecordsAndSharedState).</summary>
    public partial class CrdMetricDataUse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResourcesJson",
                table: "HookInvocations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TokenUse",
                table: "HookInvocations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ResourcesJson",
                table: "HookInvocations");

            migrationBuilder.DropColumn(
                name: "TokenUse",
                table: "HookInvocations");
        }
    }
}
