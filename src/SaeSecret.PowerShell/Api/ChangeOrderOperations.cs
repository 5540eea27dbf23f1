using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using Newtonsoft.Json.Linq;
using SaeSecret.PowerShell.Http;

namespace SaeSecret.PowerShell.Api
{
    /// <summary>What RestartApplication answers: the change order it started.</summary>
    internal sealed class SubmittedChangeOrder
    {
        public string ChangeOrderId { get; set; } = null!;
        public string? RequestId { get; set; }
    }

    /// <summary>The SAE application APIs of a rotation: RestartApplication and DescribeChangeOrder (all in the query, empty body).</summary>
    internal static partial class SaeOperations
    {
        public const string RestartApplicationPath = "/pop/v1/sam/app/restartApplication";
        public const string DescribeChangeOrderPath = "/pop/v1/sam/changeorder/DescribeChangeOrder";

        /// <param name="minReadyInstances">0 allows downtime, -1 the service default (25%); null: not sent.</param>
        /// <param name="minReadyInstanceRatio">0..100, -1 unused; wins over minReadyInstances; null: not sent.</param>
        public static SaeOperation<SubmittedChangeOrder> RestartApplication(Uri endpoint, string appId, int? minReadyInstances, int? minReadyInstanceRatio)
        {
            var query = new List<KeyValuePair<string, string>> { Pair("AppId", appId) };
            if (minReadyInstances.HasValue) query.Add(Pair("MinReadyInstances", minReadyInstances.Value.ToString(CultureInfo.InvariantCulture)));
            if (minReadyInstanceRatio.HasValue) query.Add(Pair("MinReadyInstanceRatio", minReadyInstanceRatio.Value.ToString(CultureInfo.InvariantCulture)));
            // Not idempotent: a second restart would be a second change order, so it is resent only when the server certainly did not get it.
            return new SaeOperation<SubmittedChangeOrder>(endpoint, HttpMethod.Put, RestartApplicationPath, "RestartApplication", appId, query,
                response => new SubmittedChangeOrder
                {
                    ChangeOrderId = (response.Data as JObject) is JObject data && ServerJson.Text(data["ChangeOrderId"]) is string id && Rules.ApplicationRules.IsId(id)
                        ? id
                        : throw Unusable("RestartApplication", appId, response, "Data.ChangeOrderId is missing or not an SAE id"),
                    RequestId = response.RequestId,
                })
            { Idempotent = false };
        }

        public static SaeOperation<ChangeOrder> DescribeChangeOrder(Uri endpoint, string regionId, string changeOrderId) =>
            new SaeOperation<ChangeOrder>(endpoint, HttpMethod.Get, DescribeChangeOrderPath, "DescribeChangeOrder", changeOrderId,
                new[] { Pair("ChangeOrderId", changeOrderId) },
                response =>
                {
                    if (!(response.Data is JObject data)) throw Unusable("DescribeChangeOrder", changeOrderId, response, "Data is not an object");
                    var status = ServerJson.Int64(data["Status"]) ?? throw Unusable("DescribeChangeOrder", changeOrderId, response, "Data.Status is missing");
                    // A number outside the service's range would wrap into another status (Succeeded, say) when cast.
                    if (status < 0 || status > 1000) throw Unusable("DescribeChangeOrder", changeOrderId, response, "Data.Status is not a status");
                    var answeredId = ServerJson.Text(data["ChangeOrderId"]);
                    if (answeredId != null && !string.Equals(answeredId, changeOrderId, StringComparison.Ordinal))
                    {
                        throw Unusable("DescribeChangeOrder", changeOrderId, response, "it describes another change order");
                    }
                    var batches = new List<ChangeOrderBatch>();
                    int current = 0;
                    var currentPipeline = ServerJson.Text(data["CurrentPipelineId"]);
                    if (data["Pipelines"] is JArray pipelines)
                    {
                        foreach (var item in pipelines)
                        {
                            if (!(item is JObject pipeline)) continue;
                            var batch = new ChangeOrderBatch
                            {
                                PipelineId = ServerJson.Text(pipeline["PipelineId"]),
                                PipelineName = ServerJson.Text(pipeline["PipelineName"]),
                                Status = (ChangeOrderStatus)Bounded(ServerJson.Int64(pipeline["Status"]), 1000),
                                StartTime = ServerJson.EpochMilliseconds(pipeline["StartTime"]),
                                UpdateTime = ServerJson.EpochMilliseconds(pipeline["UpdateTime"]),
                            };
                            batches.Add(batch);
                            if (currentPipeline != null && batch.PipelineId == currentPipeline) current = batches.Count;
                        }
                    }
                    var batchCount = Bounded(ServerJson.Int64(data["BatchCount"]) ?? batches.Count, 10000);
                    if (current == 0) current = CountStarted(batches);
                    return new ChangeOrder
                    {
                        RegionId = regionId,
                        AppId = ServerJson.Text(data["AppId"]),
                        AppName = ServerJson.Text(data["AppName"]),
                        ChangeOrderId = changeOrderId,
                        CoTypeCode = ServerJson.Text(data["CoTypeCode"]),
                        Status = (ChangeOrderStatus)(int)status,
                        SubStatus = Bounded(ServerJson.Int64(data["SubStatus"]), 1000),
                        ErrorMessage = ServerJson.Text(data["ErrorMessage"]),
                        CreateTime = ServiceTime(ServerJson.Text(data["CreateTime"])),
                        BatchCount = batchCount,
                        CurrentBatch = Math.Min(current, Math.Max(batchCount, batches.Count)),
                        Batches = batches.ToArray(),
                        RequestId = response.RequestId,
                    };
                });

        /// <summary>A small count or code from the server, 0 when absent or outside 0..max (never a wrapped cast).</summary>
        private static int Bounded(long? value, int max) => value.HasValue && value.Value >= 0 && value.Value <= max ? (int)value.Value : 0;

        /// <summary>Without CurrentPipelineId: the last batch that has started (or ended).</summary>
        private static int CountStarted(List<ChangeOrderBatch> batches)
        {
            int started = 0;
            for (int i = 0; i < batches.Count; i++)
            {
                if (batches[i].Status != ChangeOrderStatus.Preparing) started = i + 1;
            }
            return started;
        }

        /// <summary>"2020-12-17 21:06:45", the service's local time without an offset.</summary>
        private static DateTime? ServiceTime(string? text) =>
            text != null && DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : (DateTime?)null;
    }
}
