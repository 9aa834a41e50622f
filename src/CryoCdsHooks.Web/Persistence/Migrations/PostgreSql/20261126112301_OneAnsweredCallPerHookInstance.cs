using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CryoCdsHooks.Web.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OneAnsweredCallPerHookInstance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HookInvocations_HookInstance",
                table: "HookInvocations");

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_HookInstance",
                table: "HookInvocations",
                column: "HookInstance",
                unique: true,
                filter: "\"StatusCode\" = 200");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HookInvocations_HookInstance",
                table: "HookInvocations");

            migrationBuilder.CreateIndex(
                name: "IX_HookInvocations_HookInstance",
                table: "HookInvocations",
                column: "HookInstance");
        }
    }
}
